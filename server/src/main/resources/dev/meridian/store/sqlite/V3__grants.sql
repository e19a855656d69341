-- Version 3: grants, and the last cryptographic use of each key.
-- operations: the granted operations in the client's order, comma-separated (enum names, no commas).
-- context_equals / context_subset: the encryption-context constraints as a JSON object, or NULL.
CREATE TABLE grants (
    account                    TEXT    NOT NULL,
    region                     TEXT    NOT NULL,
    key_id                     TEXT    NOT NULL,
    grant_id                   TEXT    NOT NULL,
    name                       TEXT,
    creation_date              INTEGER NOT NULL,
    grantee_principal          TEXT,
    grantee_service_principal  TEXT,
    retiring_principal         TEXT,
    retiring_service_principal TEXT,
    operations                 TEXT    NOT NULL,
    context_equals             TEXT,
    context_subset             TEXT,
    source_arn                 TEXT,
    PRIMARY KEY (account, region, key_id, grant_id)
) WITHOUT ROWID;

-- Written lazily (every few seconds and at shutdown), not per request: a crash may lose the newest uses.
CREATE TABLE key_last_usage (
    account   TEXT    NOT NULL,
    region    TEXT    NOT NULL,
    key_id    TEXT    NOT NULL,
    operation TEXT    NOT NULL,
    used_at   INTEGER NOT NULL,
    PRIMARY KEY (account, region, key_id)
) WITHOUT ROWID;
