-- werkbrug processing log, version 1, modelled as the Logboek Dataverwerkingen does: one row per
-- processing operation (trace, activity, caller, the fields disclosed, times, outcome) and one row
-- per data subject of that operation (source and keyed pseudonym; none for a refused request).
-- Portable SQL: the same statements run on SQLite and PostgreSQL. Times are RFC 3339 UTC text
-- with microseconds, so that they sort as text; ids are time-ordered (UUID v7).
CREATE TABLE IF NOT EXISTS werkbrug_log_operations (
    id TEXT PRIMARY KEY,
    trace_id TEXT NOT NULL,
    operation_id TEXT NOT NULL,
    parent_operation_id TEXT,
    activity TEXT NOT NULL,
    operation TEXT NOT NULL,
    caller_organisation TEXT NOT NULL,
    caller_oin TEXT,
    caller_key TEXT,
    fields TEXT NOT NULL,
    started TEXT NOT NULL,
    ended TEXT NOT NULL,
    status TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS werkbrug_log_operations_trace ON werkbrug_log_operations (trace_id);
CREATE INDEX IF NOT EXISTS werkbrug_log_operations_started ON werkbrug_log_operations (started);
CREATE TABLE IF NOT EXISTS werkbrug_log_subjects (
    id TEXT PRIMARY KEY,
    operation TEXT NOT NULL,
    source_id TEXT,
    source_organisation TEXT,
    subject TEXT
);
CREATE INDEX IF NOT EXISTS werkbrug_log_subjects_subject ON werkbrug_log_subjects (subject);
CREATE INDEX IF NOT EXISTS werkbrug_log_subjects_operation ON werkbrug_log_subjects (operation);
