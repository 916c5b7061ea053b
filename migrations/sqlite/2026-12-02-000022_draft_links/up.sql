-- Issue 15, point 5: where else a draft is posted for comment (the province's portal,
-- the National Law Portal), listed on its page.
CREATE TABLE draft_links (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    place TEXT NOT NULL CHECK (place IN ('province_portal', 'national_law_portal', 'other')),
    url TEXT NOT NULL CHECK (length(url) <= 500),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX draft_links_by_draft ON draft_links (draft_id, id);
