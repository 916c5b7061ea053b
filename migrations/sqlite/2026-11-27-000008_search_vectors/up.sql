-- Nothing on SQLite: the PostgreSQL migration of this number has the application write
-- its tsvectors, and the two dialects keep the same migration numbers.
SELECT 1;
