-- The foundation: the jurisdiction and its communes and agencies, document types with
-- their legal settings, drafts, their versions, their section trees and attached files.
-- Times are UTC. Enumerations are stored as text and checked, so a row read by hand is
-- readable and a bad value cannot get in.

CREATE TABLE jurisdictions (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('national', 'province'))
);

CREATE TABLE localities (
    id INTEGER PRIMARY KEY NOT NULL,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('xa', 'phuong', 'dac_khu')),
    UNIQUE (jurisdiction_id, code)
);

CREATE TABLE agencies (
    id INTEGER PRIMARY KEY NOT NULL,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    short_name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE document_types (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'province')),
    min_comment_days INTEGER NOT NULL CHECK (min_comment_days >= 0),
    min_days_rule TEXT NOT NULL,
    min_days_confirmed BOOLEAN NOT NULL,
    needs_policy_proposal BOOLEAN NOT NULL,
    position INTEGER NOT NULL
);

CREATE TABLE drafts (
    id INTEGER PRIMARY KEY NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    number TEXT,
    document_type_id BIGINT NOT NULL REFERENCES document_types (id),
    agency_id BIGINT NOT NULL REFERENCES agencies (id),
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    publication TEXT NOT NULL DEFAULT 'unpublished'
        CHECK (publication IN ('unpublished', 'published')),
    stage TEXT NOT NULL DEFAULT 'draft'
        CHECK (stage IN ('proposal', 'draft', 'appraisal', 'adopted', 'withdrawn')),
    opens_at TIMESTAMP,
    closes_at TIMESTAMP,
    period_note TEXT NOT NULL DEFAULT '',
    impact_needs_proposal BOOLEAN NOT NULL DEFAULT FALSE,
    impact_rights BOOLEAN NOT NULL DEFAULT FALSE,
    impact_sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    impact_wide BOOLEAN NOT NULL DEFAULT FALSE,
    revision BIGINT NOT NULL DEFAULT 1,
    published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (closes_at IS NULL OR opens_at IS NULL OR closes_at > opens_at)
);
CREATE INDEX drafts_by_period ON drafts (publication, closes_at);
CREATE INDEX drafts_by_agency ON drafts (agency_id, publication);
CREATE INDEX drafts_by_type ON drafts (document_type_id);

CREATE TABLE draft_versions (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    number INTEGER NOT NULL CHECK (number >= 1),
    preamble TEXT NOT NULL DEFAULT '',
    signature TEXT NOT NULL DEFAULT '',
    source_text TEXT NOT NULL,
    change_note TEXT NOT NULL DEFAULT '',
    published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (draft_id, number)
);

-- The section tree of one version, in document order. The tree is kept as the position
-- of each node's parent, so a whole version is written in a few batched statements.
CREATE TABLE sections (
    id INTEGER PRIMARY KEY NOT NULL,
    version_id BIGINT NOT NULL REFERENCES draft_versions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    parent_position INTEGER,
    depth INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('part', 'chapter', 'section', 'article', 'clause', 'point')),
    number TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    heading TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    anchor TEXT NOT NULL,
    UNIQUE (version_id, position),
    UNIQUE (version_id, anchor)
);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('submission', 'impact_assessment', 'lawmaking_proposal', 'other')),
    title TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL CHECK (size_bytes >= 0),
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    position INTEGER NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX attachments_by_draft ON attachments (draft_id, position);
