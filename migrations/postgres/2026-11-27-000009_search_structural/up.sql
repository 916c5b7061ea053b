-- Drafts and clauses are looked for in a window of their own (search::database,
-- STRUCTURAL). Through the GIN index of every document, words common among comments made
-- that a bitmap of every matching comment, ANDed with the few drafts and clauses: 58 ms
-- for "giải phóng mặt bằng" at a million comments. This index holds drafts and clauses
-- only (0.1 ms).
CREATE INDEX search_docs_structural_fsv ON search_docs USING GIN (fsv) WHERE kind IN ('draft', 'section');
