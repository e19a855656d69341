-- One row per audit record. The whole CloudTrail record is kept as JSON in `record`; the columns beside
-- it are what LookupEvents filters and pages on. Times are epoch milliseconds (whole seconds).
CREATE TABLE audit_events (
    sequence INTEGER PRIMARY KEY,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    event_time INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    read_only INTEGER NOT NULL,
    user_name TEXT,
    access_key_id TEXT,
    -- each resource as a line "type|ARN", the whole starting with a line break: "\nAWS::KMS::Key|arn:...\n"
    resources TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (account, region, event_time);
