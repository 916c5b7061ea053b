-- One job runner for every background job (src/jobs). Queued work keeps its own table
-- (mail_outbox, search_outbox, each written in the transaction of its cause); what the
-- runner adds is a dead-letter state for items that failed too often, and one row per
-- job for the leases and schedules that several portal processes share.

-- Given up after too many attempts: kept, shown in /readyz and the console, and sent
-- again only when an administrator asks.
ALTER TABLE mail_outbox ADD COLUMN dead_at TIMESTAMP;
-- A mail's purpose is one of the spellings the code knows (outbox::Purpose).
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_purpose_check CHECK (purpose IN
    ('confirm_comment', 'confirmation', 'links', 'comment_published', 'comment_rejected',
     'answer', 'report_published'));
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
