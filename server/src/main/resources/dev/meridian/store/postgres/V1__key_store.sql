-- Meridian's key store on PostgreSQL, version 1: the tables of the embedded store (SQLite version 6), with the
-- same names and columns, and the change log that tells each node what the others committed.
-- Times are milliseconds since the epoch (UTC). Statements are separated by semicolons (none in comments).
CREATE TABLE keys (
    account                  TEXT    NOT NULL,
    region                   TEXT    NOT NULL,
    key_id                   TEXT    NOT NULL,
    description              TEXT    NOT NULL,
    policy                   TEXT    NOT NULL,
    state                    TEXT    NOT NULL,
    creation_date            BIGINT  NOT NULL,
    deletion_date            BIGINT,
    pending_window_days      INTEGER,
    origin                   TEXT    NOT NULL,
    key_spec                 TEXT    NOT NULL,
    key_usage                TEXT    NOT NULL,
    primary_region           TEXT,
    current_material_version INTEGER NOT NULL,
    rotation_enabled         INTEGER NOT NULL DEFAULT 0,
    rotation_period_days     INTEGER,
    next_rotation_date       BIGINT,
    on_demand_rotation_start BIGINT,
    key_manager              TEXT    NOT NULL DEFAULT 'CUSTOMER',
    PRIMARY KEY (account, region, key_id)
);

CREATE TABLE key_tags (
    account   TEXT    NOT NULL,
    region    TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    tag_key   TEXT    NOT NULL,
    tag_value TEXT    NOT NULL,
    PRIMARY KEY (account, region, key_id, position)
);

-- Key material, AES-256-GCM-wrapped under the root key with the row's identity as AAD.
CREATE TABLE key_materials (
    account         TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    key_id          TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    wrapped         BYTEA   NOT NULL,
    key_material_id TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL DEFAULT 0,
    rotation_type   TEXT,
    description     TEXT,
    valid_to        BIGINT,
    PRIMARY KEY (account, region, key_id, version)
);

CREATE TABLE aliases (
    account           TEXT   NOT NULL,
    region            TEXT   NOT NULL,
    alias_name        TEXT   NOT NULL,
    key_id            TEXT   NOT NULL,
    creation_date     BIGINT NOT NULL,
    last_updated_date BIGINT NOT NULL,
    PRIMARY KEY (account, region, alias_name)
);

-- The replication outbox. Sequence numbers come from replication_event_sequence, shared by every node.
CREATE TABLE replication_events (
    sequence BIGINT PRIMARY KEY,
    account  TEXT   NOT NULL,
    region   TEXT   NOT NULL,
    key_id   TEXT   NOT NULL,
    type     TEXT   NOT NULL,
    due_at   BIGINT NOT NULL,
    argument TEXT
);

CREATE SEQUENCE replication_event_sequence;

-- operations: the granted operations in the client's order, comma-separated.
-- context_equals / context_subset: the encryption-context constraints as a JSON object, or NULL.
CREATE TABLE grants (
    account                    TEXT   NOT NULL,
    region                     TEXT   NOT NULL,
    key_id                     TEXT   NOT NULL,
    grant_id                   TEXT   NOT NULL,
    name                       TEXT,
    creation_date              BIGINT NOT NULL,
    grantee_principal          TEXT,
    grantee_service_principal  TEXT,
    retiring_principal         TEXT,
    retiring_service_principal TEXT,
    operations                 TEXT   NOT NULL,
    context_equals             TEXT,
    context_subset             TEXT,
    source_arn                 TEXT,
    PRIMARY KEY (account, region, key_id, grant_id)
);

-- Written lazily by each node (every few seconds and at shutdown), not per request.
CREATE TABLE key_last_usage (
    account             TEXT   NOT NULL,
    region              TEXT   NOT NULL,
    key_id              TEXT   NOT NULL,
    operation           TEXT   NOT NULL,
    used_at             BIGINT NOT NULL,
    request_id          TEXT,
    cloudtrail_event_id TEXT,
    PRIMARY KEY (account, region, key_id)
);

-- Values the store keeps about itself: the root key's check value.
CREATE TABLE settings (
    name  TEXT  PRIMARY KEY,
    value BYTEA NOT NULL
);

-- The change log: one row per entity a commit changed (kind KEY, ALIAS or EVENT, named by its columns), or one
-- EVERYTHING row for a reset. A commit's position is its last row's. Rows are appended under the write lock, so
-- positions are committed in order. Old rows are pruned. pruned_through is the last position pruned.
CREATE TABLE store_changes (
    position       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind           TEXT        NOT NULL,
    account        TEXT,
    region         TEXT,
    key_id         TEXT,
    alias_name     TEXT,
    event_sequence BIGINT,
    committed_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE store_changes_horizon (
    pruned_through BIGINT NOT NULL
);

INSERT INTO store_changes_horizon (pruned_through) VALUES (0);
