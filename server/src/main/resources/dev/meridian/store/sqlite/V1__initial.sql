-- Meridian's embedded schema, version 1. Times are milliseconds since the epoch (UTC).
CREATE TABLE keys (
    account                 TEXT    NOT NULL,
    region                  TEXT    NOT NULL,
    key_id                  TEXT    NOT NULL,
    description             TEXT    NOT NULL,
    policy                  TEXT    NOT NULL,
    state                   TEXT    NOT NULL,
    creation_date           INTEGER NOT NULL,
    deletion_date           INTEGER,
    pending_window_days     INTEGER,
    origin                  TEXT    NOT NULL,
    key_spec                TEXT    NOT NULL,
    key_usage               TEXT    NOT NULL,
    primary_region          TEXT,
    current_material_version INTEGER NOT NULL,
    PRIMARY KEY (account, region, key_id)
) WITHOUT ROWID;

CREATE TABLE key_tags (
    account   TEXT    NOT NULL,
    region    TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    tag_key   TEXT    NOT NULL,
    tag_value TEXT    NOT NULL,
    PRIMARY KEY (account, region, key_id, position)
) WITHOUT ROWID;

-- Key material, AES-256-GCM-wrapped under the root key with the row's identity as AAD.
CREATE TABLE key_materials (
    account  TEXT    NOT NULL,
    region   TEXT    NOT NULL,
    key_id   TEXT    NOT NULL,
    version  INTEGER NOT NULL,
    wrapped  BLOB    NOT NULL,
    PRIMARY KEY (account, region, key_id, version)
) WITHOUT ROWID;

CREATE TABLE aliases (
    account           TEXT    NOT NULL,
    region            TEXT    NOT NULL,
    alias_name        TEXT    NOT NULL,
    key_id            TEXT    NOT NULL,
    creation_date     INTEGER NOT NULL,
    last_updated_date INTEGER NOT NULL,
    PRIMARY KEY (account, region, alias_name)
) WITHOUT ROWID;

-- The replication outbox: shared-property changes waiting to be applied to one Region's key.
CREATE TABLE replication_events (
    sequence  INTEGER PRIMARY KEY,
    account   TEXT    NOT NULL,
    region    TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    type      TEXT    NOT NULL,
    due_at    INTEGER NOT NULL,
    argument  TEXT
);
