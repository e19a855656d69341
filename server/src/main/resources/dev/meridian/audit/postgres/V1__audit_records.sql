-- The audit trail of every node of the service, one row per record (PostgresAuditStore).
-- `event` is the record in AuditEventCodec's compact binary form; the CloudTrail JSON is made when a lookup
-- returns it. The columns beside it are what LookupEvents filters and pages on.
-- The order of records is (event_time, id), newest first: id comes from the database, so records of all
-- nodes share one order, and a page goes on strictly after the (event_time, id) its previous page ended at.
-- event_id is the key: a batch stored again after a lost acknowledgement adds nothing (ON CONFLICT DO NOTHING).
-- Text is compared byte by byte (COLLATE "C"): lookups only test equality, and index upkeep costs less.
CREATE TABLE audit_records (
    event_id TEXT COLLATE "C" PRIMARY KEY,
    id BIGINT GENERATED ALWAYS AS IDENTITY,
    account TEXT COLLATE "C" NOT NULL,
    region TEXT COLLATE "C" NOT NULL,
    event_time TIMESTAMPTZ NOT NULL,
    event_name TEXT COLLATE "C" NOT NULL,
    read_only BOOLEAN NOT NULL,
    user_name TEXT COLLATE "C",
    access_key_id TEXT COLLATE "C",
    -- the names (ARNs, and bare key IDs listed beside them) and types LookupEvents lists as Resources
    resource_names TEXT[] COLLATE "C" NOT NULL,
    resource_types TEXT[] COLLATE "C" NOT NULL,
    event BYTEA NOT NULL
);
CREATE INDEX audit_records_by_time ON audit_records (account, region, event_time, id);
CREATE INDEX audit_records_of_every_region ON audit_records (account, event_time, id);
CREATE INDEX audit_records_by_event_name ON audit_records (account, region, event_name, event_time, id);
-- Username, AccessKeyId and ResourceType have few values (a service has few principals and keys): they are
-- matched on the time index, a bounded number of rows per lookup (see LookupStatement), as two more indexes
-- would cost every append about a third of its rate.
-- ReadOnly=false: writes are few among the cryptographic calls, so they get their own small index
CREATE INDEX audit_records_writes ON audit_records (account, region, event_time, id) WHERE NOT read_only;
CREATE INDEX audit_records_by_resource_name ON audit_records USING GIN (resource_names);
-- retention deletes by age: records arrive roughly in time order, which a BRIN index sums up in a few pages
CREATE INDEX audit_records_by_age ON audit_records USING BRIN (event_time);
