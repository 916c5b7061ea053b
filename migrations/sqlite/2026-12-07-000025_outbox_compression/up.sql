-- Kept in step with PostgreSQL's migration of the same name, which chooses how the
-- outbox's mail bodies are compressed; SQLite stores text uncompressed.
SELECT 1;
