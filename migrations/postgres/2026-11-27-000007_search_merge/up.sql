-- Nothing on PostgreSQL: the SQLite migration of this number tunes FTS5 merging, and the
-- two dialects keep the same migration numbers.
SELECT 1;
