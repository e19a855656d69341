-- Version 4: which request the last use of a key was (GetKeyLastUsage's KmsRequestId and CloudTrailEventId).
ALTER TABLE key_last_usage ADD COLUMN request_id TEXT;
ALTER TABLE key_last_usage ADD COLUMN cloudtrail_event_id TEXT;
