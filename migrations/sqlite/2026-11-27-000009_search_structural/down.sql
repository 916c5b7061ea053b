-- Nothing on SQLite: the PostgreSQL migration of this number adds an index of drafts and
-- clauses (FTS5 filters by kind through its tags column), and the two dialects keep the
-- same migration numbers.
SELECT 1;
