-- FTS5 merges the index's segments once 4 of a level exist (its default). A full reindex
-- writes a million documents in batches; merging at 16 rewrites each posting fewer times
-- (measured: about 20% faster at a million comments, no change in query latency). The
-- setting is stored in search_fts_config and survives the 'delete-all' of a reindex.
INSERT INTO search_fts (search_fts, rank) VALUES ('automerge', 16);
