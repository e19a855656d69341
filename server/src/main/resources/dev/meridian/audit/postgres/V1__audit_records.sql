-- The audit trail of every node of the service, one row per record (PostgresAuditStore).
-- `event` is the record in AuditEventCodec's compact binary form; the CloudTrail JSON is made when a lookup
-- returns it. The columns beside it are what LookupEvents filters and pages on.
-- The order of records is (event_time, id), newest first: id comes from the database, so records of all
-- nodes share one order, and a page goes on strictly after the (event_time, id) its previous page ended at.
-- event_id is the key: a batch stored again after a lost acknowledgement adds nothing (ON CONFLICT DO NOTHING).
CREATE TABLE audit_records (
    event_id TEXT PRIMARY KEY,
    id BIGINT GENERATED ALWAYS AS IDENTITY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    event_time TIMESTAMPTZ NOT NULL,
    event_name TEXT NOT NULL,
    read_only BOOLEAN NOT NULL,
    user_name TEXT,
    access_key_id TEXT,
    -- the names (ARNs, and bare key IDs listed beside them) and types LookupEvents lists as Resources
    resource_names TEXT[] NOT NULL,
    resource_types TEXT[] NOT NULL,
    event BYTEA NOT NULL
);
CREATE INDEX audit_records_by_time ON audit_records (account, region, event_time, id);
CREATE INDEX audit_records_of_every_region ON audit_records (account, event_time, id);
CREATE INDEX audit_records_by_event_name ON audit_records (account, region, event_name, event_time, id);
CREATE INDEX audit_records_by_user_name ON audit_records (account, region, user_name, event_time, id);
CREATE INDEX audit_records_by_access_key ON audit_records (account, region, access_key_id, event_time, id);
-- ReadOnly=false: writes are few among the cryptographic calls, so they get their own small index
CREATE INDEX audit_records_writes ON audit_records (account, region, event_time, id) WHERE NOT read_only;
CREATE INDEX audit_records_by_resource_name ON audit_records USING GIN (resource_names);
-- retention deletes by age: records arrive roughly in time order, which a BRIN index sums up in a few pages
CREATE INDEX audit_records_by_age ON audit_records USING BRIN (event_time);
