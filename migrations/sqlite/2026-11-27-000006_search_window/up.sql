-- The search index, rebuilt for bounded queries on millions of comments.
--
-- * The id is not a counter: it orders documents by date (see SearchDoc::order_key),
--   so the full-text index yields the newest matches first, without sorting them all.
-- * The title is folded in its own column, so that "the words are in the title" is an
--   index lookup (a ranking signal), and matching reads the folded columns only.
-- * A token for the kind ('kdraft' …) in its own column makes a kind filter an index
--   lookup, not a scan of the matches.
-- * No column sizes are kept (columnsize = 0): ranking uses signals, not bm25.
-- * No triggers: the code that writes search_docs writes search_fts in the same
--   transaction (search::database::apply_in), about twice as fast as a trigger per row,
--   which counts when a full reindex writes a million documents.
-- Everything is indexed again by the worker from the outbox rows written below.
DROP TRIGGER search_docs_au;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_ai;
DROP TABLE search_fts;
DROP TABLE search_docs;

CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY NOT NULL,
    doc_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('draft', 'section', 'comment', 'answer')),
    -- Everything about the draft (agency, type, period, year) is looked up in drafts at
    -- query time, so a change to a draft never means reindexing its comments.
    draft_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    folded_title TEXT NOT NULL,
    folded TEXT NOT NULL,
    -- Where in the draft the result leads ('', '#anchor', '/y-kien/57').
    link TEXT NOT NULL,
    commenter_kind TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    date TIMESTAMP NOT NULL
);
CREATE INDEX search_docs_by_draft ON search_docs (draft_id, id);
CREATE INDEX search_docs_by_kind ON search_docs (kind, id);

-- Tokens keep their diacritics (remove_diacritics 0): title and body match only the
-- spelling as written (the "exact" signal); the folded columns match any spelling.
-- Contentless: the text is in search_docs (same rowid), the index holds only tokens.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, folded_title, folded, tags,
    content = '',
    tokenize = 'unicode61 remove_diacritics 0',
    columnsize = 0
);
-- The tags column holds 'k' || kind.

INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'draft', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM drafts WHERE publication = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'comment', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM comments WHERE status = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'answer', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM responses;
