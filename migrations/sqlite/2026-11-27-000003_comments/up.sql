-- Comments from the public, and the mail outbox that carries their confirmations.
--
-- A comment holds personal data (e-mail, name) that is never shown publicly and is
-- erased when its author withdraws it; the row stays as a tombstone so that tracking
-- numbers keep their meaning. Tokens are stored as SHA-256 hashes only.

CREATE TABLE comments (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    version_id BIGINT NOT NULL REFERENCES draft_versions (id),
    -- NULL: a comment on the whole draft.
    section_id BIGINT REFERENCES sections (id),
    body TEXT NOT NULL,
    email TEXT,
    name TEXT NOT NULL DEFAULT '',
    publish_name BOOLEAN NOT NULL DEFAULT FALSE,
    commenter_kind TEXT NOT NULL
        CHECK (commenter_kind IN ('individual', 'business', 'organisation', 'expert', 'state_agency')),
    organisation TEXT NOT NULL DEFAULT '',
    locality_id BIGINT REFERENCES localities (id),
    privacy_version TEXT NOT NULL,
    privacy_consented_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL DEFAULT 'unconfirmed'
        CHECK (status IN ('unconfirmed', 'pending', 'published', 'rejected', 'withdrawn')),
    has_links BOOLEAN NOT NULL DEFAULT FALSE,
    -- SHA-256 of draft, e-mail and folded text: the same text from the same address on
    -- the same draft is stored once.
    dedupe_key TEXT UNIQUE,
    confirm_token_hash TEXT UNIQUE,
    confirm_expires_at TIMESTAMP NOT NULL,
    confirmed_at TIMESTAMP,
    status_token_hash TEXT NOT NULL UNIQUE,
    published_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX comments_by_draft ON comments (draft_id, status, id);
CREATE INDEX comments_by_section ON comments (section_id, status, id);
CREATE INDEX comments_by_email ON comments (email);

-- Mail waiting to be sent, written in the same transaction as what it tells about. A
-- worker claims due rows (lock_token, locked_until), sends them, and marks them sent;
-- a failure is retried later with a growing delay.
CREATE TABLE mail_outbox (
    id INTEGER PRIMARY KEY NOT NULL,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lock_token TEXT,
    locked_until TIMESTAMP,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
CREATE INDEX mail_outbox_by_comment ON mail_outbox (comment_id);

-- Published comments counted where pages need them, kept in step by the code that
-- publishes and unpublishes, so a page never counts millions of rows.
ALTER TABLE drafts ADD COLUMN published_comments BIGINT NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN whole_draft_comments BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sections ADD COLUMN published_comments BIGINT NOT NULL DEFAULT 0;
-- How the section is cited: "Khoản 2 Điều 5", for mails, lists and the synthesis report.
ALTER TABLE sections ADD COLUMN label TEXT NOT NULL DEFAULT '';
