-- werkbrug processing log, version 1: one record per data subject per disclosure, and one per
-- refused request. Portable SQL: the same statements run on SQLite and PostgreSQL. Times are
-- RFC 3339 UTC text with microseconds, so that they sort as text.
CREATE TABLE IF NOT EXISTS werkbrug_log_records (
    id TEXT PRIMARY KEY,
    trace_id TEXT NOT NULL,
    operation_id TEXT NOT NULL,
    parent_operation_id TEXT,
    activity TEXT NOT NULL,
    operation TEXT NOT NULL,
    caller_organisation TEXT NOT NULL,
    caller_oin TEXT,
    caller_key TEXT,
    source_id TEXT,
    source_organisation TEXT,
    subject TEXT,
    fields TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS werkbrug_log_records_subject ON werkbrug_log_records (subject);
CREATE INDEX IF NOT EXISTS werkbrug_log_records_trace ON werkbrug_log_records (trace_id);
CREATE INDEX IF NOT EXISTS werkbrug_log_records_started ON werkbrug_log_records (started);
