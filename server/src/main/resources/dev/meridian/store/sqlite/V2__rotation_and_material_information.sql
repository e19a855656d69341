-- Version 2: automatic rotation settings per key, and what is known of each material version.
ALTER TABLE keys ADD COLUMN rotation_enabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE keys ADD COLUMN rotation_period_days INTEGER;
ALTER TABLE keys ADD COLUMN next_rotation_date INTEGER;
ALTER TABLE keys ADD COLUMN on_demand_rotation_start INTEGER;

-- key_material_id is '' for rows written by version 1; the core derives it from the material at load.
ALTER TABLE key_materials ADD COLUMN key_material_id TEXT NOT NULL DEFAULT '';
ALTER TABLE key_materials ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE key_materials ADD COLUMN rotation_type TEXT;
ALTER TABLE key_materials ADD COLUMN description TEXT;
ALTER TABLE key_materials ADD COLUMN valid_to INTEGER;
