-- Nothing on SQLite: the PostgreSQL migration of this number keeps the tsvectors in the
-- table's rows (SQLite's full-text index is FTS5's own), and the two dialects keep the
-- same migration numbers.
SELECT 1;
