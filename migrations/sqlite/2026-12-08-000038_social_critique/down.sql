CREATE TABLE mail_outbox_new (
    id INTEGER PRIMARY KEY NOT NULL,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm_comment', 'confirmation', 'links', 'comment_published', 'comment_rejected', 'answer', 'report_published')),
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
INSERT INTO mail_outbox_new SELECT id, comment_id, purpose, recipient, subject, text_body,
        html_body, attempts, next_attempt_at, lock_token, locked_until, last_error, sent_at,
        created_at, dead_at
    FROM mail_outbox WHERE purpose <> 'deadline_reminder';
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
CREATE INDEX mail_outbox_by_comment ON mail_outbox (comment_id);
DELETE FROM legal_rules WHERE code = 'critique-lead';
DROP TABLE critique_reminders;
DROP TABLE critique_points;
DROP TABLE critique_files;
DROP TABLE critiques;
