-- The agency console: staff accounts, the append-only audit log, moderation and
-- redaction of comments, answers (tiếp thu, giải trình), versions matched section by
-- section, and published synthesis reports.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY NOT NULL,
    -- Stored in lower case: the login name.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'moderator', 'organiser')),
    agency_id BIGINT REFERENCES agencies (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    -- Part of every session; a password change moves it on and ends other sessions.
    session_epoch INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_login_at TIMESTAMP,
    CHECK (role IN ('admin', 'organiser') OR agency_id IS NOT NULL)
);

-- Who did what, when, with the state before and after (JSON). Rows are only ever added.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    account_id BIGINT REFERENCES accounts (id),
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id BIGINT,
    draft_id BIGINT,
    before_json TEXT NOT NULL DEFAULT '',
    after_json TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_time ON audit_log (at, id);
CREATE INDEX audit_by_draft ON audit_log (draft_id, at);
CREATE INDEX audit_by_account ON audit_log (account_id, at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- Pre-moderation (the default) or publish first and moderate after.
ALTER TABLE drafts ADD COLUMN moderation TEXT NOT NULL DEFAULT 'pre'
    CHECK (moderation IN ('pre', 'post'));

-- An answer to one comment or to a group of like comments.
CREATE TABLE responses (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    disposition TEXT NOT NULL
        CHECK (disposition IN ('accepted', 'partly_accepted', 'not_accepted', 'noted')),
    reason TEXT NOT NULL,
    answered_by BIGINT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX responses_by_draft ON responses (draft_id);

-- What the public sees when a moderator hid personal data (NULL: the text as sent; the
-- original stays in body, for the audit only).
ALTER TABLE comments ADD COLUMN public_body TEXT;
ALTER TABLE comments ADD COLUMN rejection_reason TEXT
    CHECK (rejection_reason IS NULL OR rejection_reason IN ('off_topic', 'abusive', 'personal_data', 'spam', 'duplicate'));
ALTER TABLE comments ADD COLUMN rejection_note TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN moderated_by BIGINT REFERENCES accounts (id);
ALTER TABLE comments ADD COLUMN moderated_at TIMESTAMP;
ALTER TABLE comments ADD COLUMN response_id BIGINT REFERENCES responses (id);
-- The clause commented on was changed by a later version.
ALTER TABLE comments ADD COLUMN section_changed BOOLEAN NOT NULL DEFAULT FALSE;
-- The section the comment was made on, before later versions moved it along.
ALTER TABLE comments ADD COLUMN original_section_id BIGINT REFERENCES sections (id);
CREATE INDEX comments_by_response ON comments (response_id);
CREATE INDEX comments_queue ON comments (status, moderated_at, id);

-- How a section of a version relates to the previous version.
ALTER TABLE sections ADD COLUMN previous_id BIGINT REFERENCES sections (id);
ALTER TABLE sections ADD COLUMN change TEXT NOT NULL DEFAULT 'first'
    CHECK (change IN ('first', 'same', 'changed', 'new'));

-- A published synthesis report: a snapshot, so that what was published stays as it was.
CREATE TABLE synthesis_reports (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    rows_json TEXT NOT NULL,
    totals_json TEXT NOT NULL,
    published_by BIGINT REFERENCES accounts (id),
    published_at TIMESTAMP NOT NULL
);
CREATE INDEX synthesis_reports_by_draft ON synthesis_reports (draft_id, published_at);
