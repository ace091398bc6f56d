-- werkbrug processing log, version 2: new subject rows land in an unindexed table first.
-- A subject row in werkbrug_log_subjects costs an insert at a random place of the pseudonym
-- index, and a commit writes every index page it touched: with a search's 100 people in one
-- commit, most of what a commit wrote was index pages. The writer now commits subject rows
-- here (an append: a few pages per commit) and moves them into werkbrug_log_subjects in bulk,
-- sorted by pseudonym, in one transaction of its own. Readers see both tables, so a record is
-- found from the moment it is committed. Used by SQLite; PostgreSQL instances write to
-- werkbrug_log_subjects directly.
CREATE TABLE IF NOT EXISTS werkbrug_log_subjects_recent (
    id TEXT PRIMARY KEY,
    operation TEXT NOT NULL,
    source_id TEXT,
    source_organisation TEXT,
    subject TEXT
);
