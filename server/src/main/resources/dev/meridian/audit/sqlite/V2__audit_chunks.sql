-- Version 2: the records of one account and Region from one batch, as one compressed row (AuditChunk).
-- first_time and last_time bound the event times inside, for time-range lookups. Rows of version 1's
-- audit_events are moved here when the database is opened, and that table is dropped.
CREATE TABLE audit_chunks (
    sequence INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    first_time INTEGER NOT NULL,
    last_time INTEGER NOT NULL,
    record_count INTEGER NOT NULL,
    records BLOB NOT NULL
);
CREATE INDEX audit_chunks_by_scope ON audit_chunks (account, region, sequence);
