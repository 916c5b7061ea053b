-- Issue 16, point 2: a Front organisation's campaign to mobilise people to comment on
-- an open draft. Its short link (/v/{code}) and printed QR code lead to the draft; the
-- communes it targets and the clauses it emphasises are its own rows.
CREATE TABLE campaigns (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    -- The short link's code: lower-case letters and digits that cannot be misread.
    code TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 6 AND 12),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 5 AND 200),
    goal TEXT NOT NULL DEFAULT '' CHECK (length(goal) <= 2000),
    target_count INTEGER CHECK (target_count IS NULL OR target_count > 0),
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft', 'active', 'ended', 'cancelled')),
    -- Channels: the link and QR code, commune meetings, residential groups, social pages.
    via_link BOOLEAN NOT NULL DEFAULT TRUE,
    via_meetings BOOLEAN NOT NULL DEFAULT FALSE,
    via_groups BOOLEAN NOT NULL DEFAULT FALSE,
    via_social BOOLEAN NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX campaigns_by_organisation ON campaigns (organisation_id, id);
CREATE INDEX campaigns_by_draft ON campaigns (draft_id, id);

CREATE TABLE campaign_communes (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    locality_id BIGINT NOT NULL REFERENCES localities (id),
    PRIMARY KEY (campaign_id, locality_id)
);

-- The clauses emphasised, by their anchor (stable across the draft's versions).
CREATE TABLE campaign_sections (
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    anchor TEXT NOT NULL CHECK (length(anchor) BETWEEN 1 AND 200),
    PRIMARY KEY (campaign_id, anchor)
);
