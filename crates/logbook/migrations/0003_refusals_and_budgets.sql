-- werkbrug processing log, version 3.
-- Refusals of requests without a valid key are aggregated: one operation row per client address,
-- reason and minute, with how many requests it stands for, so that unauthenticated traffic
-- cannot flood the log and the log still shows the attempt. Rows written before have one
-- occurrence each.
ALTER TABLE werkbrug_log_operations ADD COLUMN caller_address TEXT;
ALTER TABLE werkbrug_log_operations ADD COLUMN occurrences BIGINT NOT NULL DEFAULT 1;
-- Disclosure budgets count an organisation's details in the last hour and day.
CREATE INDEX IF NOT EXISTS werkbrug_log_operations_caller ON werkbrug_log_operations (caller_organisation, started);
