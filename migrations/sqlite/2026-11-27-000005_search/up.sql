-- Search in the database (the default when no Meilisearch is configured): one row per
-- searchable thing (a draft, a section, a published comment, an answer), with the
-- text as shown and the text folded for Vietnamese without diacritics, and a full-text
-- index over both. And the outbox of index updates, written in the transaction of each
-- change and applied by a worker to whichever search backend is in use.

CREATE TABLE search_docs (
    id INTEGER PRIMARY KEY NOT NULL,
    doc_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('draft', 'section', 'comment', 'answer')),
    -- Everything about the draft (agency, type, period, year) is looked up in drafts at
    -- query time, so a change to a draft never means reindexing its comments.
    draft_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    folded TEXT NOT NULL,
    -- Where in the draft the result leads ('', '#anchor', '/y-kien/57').
    link TEXT NOT NULL,
    commenter_kind TEXT NOT NULL DEFAULT '',
    commune TEXT NOT NULL DEFAULT '',
    date TIMESTAMP NOT NULL
);
CREATE INDEX search_docs_by_draft ON search_docs (draft_id);

-- Tokens keep their diacritics (remove_diacritics 0): title and body match a query
-- typed with the same diacritics; the folded column matches it in any spelling. Ranking
-- weighs the first two above the third, so an exact spelling comes first.
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, body, folded,
    content = 'search_docs', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0'
);
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, title, body, folded) VALUES (new.id, new.title, new.body, new.folded);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, folded) VALUES ('delete', old.id, old.title, old.body, old.folded);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, body, folded) VALUES ('delete', old.id, old.title, old.body, old.folded);
    INSERT INTO search_fts (rowid, title, body, folded) VALUES (new.id, new.title, new.body, new.folded);
END;

-- What changed and must be (re)indexed: ('draft' | 'comment' | 'answer', id). The
-- worker rebuilds the documents from the database, so a row only names the thing.
-- Applied rows are kept a day (done_at set): a full reindex replays those applied
-- while it ran, so that nothing it read before a change survives the change.
CREATE TABLE search_outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    entity TEXT NOT NULL CHECK (entity IN ('draft', 'comment', 'answer')),
    entity_id BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    done_at TIMESTAMP
);
CREATE INDEX search_outbox_due ON search_outbox (next_attempt_at, id) WHERE done_at IS NULL;
CREATE INDEX search_outbox_done ON search_outbox (done_at) WHERE done_at IS NOT NULL;

-- What was public before search existed is indexed by the worker after this migration.
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'draft', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM drafts WHERE publication = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'comment', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM comments WHERE status = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'answer', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM responses;
