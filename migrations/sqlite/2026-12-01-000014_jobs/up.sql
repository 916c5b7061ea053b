-- One job runner for every background job (src/jobs). Queued work keeps its own table
-- (mail_outbox, search_outbox, each written in the transaction of its cause); what the
-- runner adds is a dead-letter state for items that failed too often, and one row per
-- job for the leases and schedules that several portal processes share.

-- dead_at: given up after too many attempts; kept, shown in /readyz and the console,
-- and sent again only when an administrator asks. The mail outbox is rebuilt (SQLite
-- adds a CHECK only so) to hold its purposes to the spellings the code knows.
CREATE TABLE mail_outbox_new (
    id INTEGER PRIMARY KEY NOT NULL,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm_comment', 'confirmation', 'links',
        'comment_published', 'comment_rejected', 'answer', 'report_published')),
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
    created_at TIMESTAMP NOT NULL,
    dead_at TIMESTAMP
);
INSERT INTO mail_outbox_new (id, comment_id, purpose, recipient, subject, text_body,
        html_body, attempts, next_attempt_at, lock_token, locked_until, last_error, sent_at,
        created_at)
    SELECT id, comment_id, purpose, recipient, subject, text_body, html_body, attempts,
        next_attempt_at, lock_token, locked_until, last_error, sent_at, created_at
    FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
CREATE INDEX mail_outbox_by_comment ON mail_outbox (comment_id);

ALTER TABLE search_outbox ADD COLUMN dead_at TIMESTAMP;
ALTER TABLE search_outbox ADD COLUMN last_error TEXT NOT NULL DEFAULT '';

-- One row per job. lease_token/lease_until: the process running it now (another takes
-- over only after lease_until, so a crashed process delays the job, never doubles it).
-- done_slot: for a scheduled job, the latest slot that ran (or was given up); a slot is
-- claimed by moving running_slot past done_slot in one conditional UPDATE, so each slot
-- runs once across all processes. failures/retry_at/last_error: the current run of
-- failures, and when the next attempt may start.
CREATE TABLE jobs (
    name TEXT PRIMARY KEY NOT NULL,
    lease_token TEXT,
    lease_until TIMESTAMP,
    running_slot TIMESTAMP,
    done_slot TIMESTAMP,
    failures INTEGER NOT NULL DEFAULT 0,
    retry_at TIMESTAMP,
    last_error TEXT NOT NULL DEFAULT '',
    given_up INTEGER NOT NULL DEFAULT 0,
    last_started_at TIMESTAMP,
    last_ok_at TIMESTAMP
);
