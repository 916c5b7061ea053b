-- Back to the first search index; everything is indexed again.
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

INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'draft', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM drafts WHERE publication = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'comment', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM comments WHERE status = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'answer', id, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP FROM responses;
