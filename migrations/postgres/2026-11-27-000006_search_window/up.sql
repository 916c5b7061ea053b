-- The search index, rebuilt for bounded queries on millions of comments.
--
-- * The id is not a counter: it orders documents by date (see SearchDoc::order_key),
--   so the newest matches are found by walking the primary key backwards, without
--   sorting them all.
-- * Matching and ranking read separate tsvectors (see below).
-- Everything is indexed again by the worker from the outbox rows written below.
DROP TABLE search_docs;

CREATE TABLE search_docs (
    id BIGINT PRIMARY KEY,
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
    date TIMESTAMP NOT NULL,
    -- Matching reads fsv, the folded words of title and body without weights: its GIN
    -- index answers without rechecking rows, and it is small enough to test row by row
    -- when the newest rows are walked. Ranking reads tsv: A is the title as written
    -- (lower case, diacritics kept), B the body as written, C the title folded. The
    -- 'simple' configuration only splits and lowercases: no stemming, no stop words.
    fsv tsvector GENERATED ALWAYS AS (
        to_tsvector('simple', folded_title || ' ' || folded)
    ) STORED,
    tsv tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') ||
        setweight(to_tsvector('simple', body), 'B') ||
        setweight(to_tsvector('simple', folded_title), 'C')
    ) STORED
);
CREATE INDEX search_docs_by_draft ON search_docs (draft_id, id);
CREATE INDEX search_docs_by_kind ON search_docs (kind, id);
CREATE INDEX search_docs_fsv ON search_docs USING GIN (fsv);

INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'draft', id, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM drafts WHERE publication = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'comment', id, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM comments WHERE status = 'published';
INSERT INTO search_outbox (entity, entity_id, created_at, next_attempt_at)
    SELECT 'answer', id, (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM responses;
