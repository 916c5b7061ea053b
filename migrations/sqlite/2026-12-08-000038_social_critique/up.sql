-- Issue 16, points 7 and 8: the Fatherland Front's formal social critique (phản biện
-- xã hội) of a draft, Law 75/2015/QH13 on the Vietnam Fatherland Front, Arts. 32-35, as
-- amended by Law 97/2025/QH15. The drafting agency asks the Front for it (its request's
-- number and date, the day the dossier was sent, the files sent, the day it plans to
-- submit the draft to the approving body); the Front committee, or the member
-- organisation in the field, records that it received the dossier and then its
-- critique (form, date, document and points, each on a clause or on the whole draft,
-- with a recommendation); the agency answers point by point, sends its written answer
-- and publishes both side by side. States and their order are in domain::critique.
CREATE TABLE critiques (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    -- The organisation asked: a Front committee or a member organisation.
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    state TEXT NOT NULL CHECK (state IN ('requested', 'received', 'submitted', 'answered',
        'published', 'withdrawn')),
    request_number TEXT NOT NULL CHECK (length(request_number) BETWEEN 1 AND 100),
    request_date DATE NOT NULL,
    dossier_sent_on DATE NOT NULL,
    planned_submission DATE NOT NULL,
    -- The days the draft had to reach the Front before its submission, from the legal
    -- rule 'critique-lead' as it stood when the request was recorded.
    lead_days INTEGER NOT NULL,
    -- Why the Front had fewer days, under the shortened procedure; public. Empty when
    -- the lead was kept.
    shortened_reason TEXT NOT NULL DEFAULT '' CHECK (length(shortened_reason) <= 2000),
    received_on DATE,
    form TEXT CHECK (form IN ('conference', 'written', 'dialogue')),
    critiqued_on DATE,
    document_number TEXT NOT NULL DEFAULT '' CHECK (length(document_number) <= 100),
    -- The critique document, in the file store: public once the critique is published.
    document_sha256 TEXT,
    document_name TEXT,
    document_type TEXT,
    document_size BIGINT,
    submitted_at TIMESTAMP,
    answer_number TEXT NOT NULL DEFAULT '' CHECK (length(answer_number) <= 100),
    answered_on DATE,
    published_at TIMESTAMP,
    withdrawn_reason TEXT NOT NULL DEFAULT '' CHECK (length(withdrawn_reason) <= 2000),
    requested_by BIGINT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX critiques_by_draft ON critiques (draft_id, id);
CREATE INDEX critiques_by_organisation ON critiques (organisation_id, id);
-- What still runs a clock (the reminders job reads only these).
CREATE INDEX critiques_open ON critiques (state) WHERE state IN ('requested', 'received', 'submitted');

-- The files sent in the dossier, among the draft's files.
CREATE TABLE critique_files (
    critique_id BIGINT NOT NULL REFERENCES critiques (id) ON DELETE CASCADE,
    attachment_id BIGINT NOT NULL REFERENCES attachments (id),
    PRIMARY KEY (critique_id, attachment_id)
);

-- The critique's points, in its order, each answered with the dispositions of comments.
CREATE TABLE critique_points (
    id INTEGER PRIMARY KEY NOT NULL,
    critique_id BIGINT NOT NULL REFERENCES critiques (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    -- The article, clause or point it is about; none for the whole draft.
    section_id BIGINT REFERENCES sections (id),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    recommendation TEXT NOT NULL DEFAULT '' CHECK (length(recommendation) <= 20000),
    disposition TEXT CHECK (disposition IN ('accepted', 'partly_accepted', 'not_accepted', 'noted')),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 20000),
    answered_by BIGINT REFERENCES accounts (id),
    answered_at TIMESTAMP
);
CREATE INDEX critique_points_by_critique ON critique_points (critique_id, position);

-- Reminders sent before a deadline (point 8): one per deadline, day it falls due and
-- days before, so that a reminder goes once however often the job runs, and again if
-- the deadline moves.
CREATE TABLE critique_reminders (
    critique_id BIGINT NOT NULL REFERENCES critiques (id) ON DELETE CASCADE,
    deadline TEXT NOT NULL CHECK (deadline IN ('front_reply', 'agency_answer')),
    due DATE NOT NULL,
    days_before INTEGER NOT NULL,
    sent_at TIMESTAMP NOT NULL,
    PRIMARY KEY (critique_id, deadline, due, days_before)
);

-- Point 8: the draft reaches the Front at least 15 days before it goes to the
-- approving body (Law 75/2015/QH13, Arts. 32-35, as amended by Law 97/2025/QH15). The
-- article and clause have not been read here: the rule is not confirmed until an
-- administrator enters its source.
INSERT INTO legal_rules (code, subject, days, citation, source_url, confirmed, updated_at) VALUES
    ('critique-lead',
     'Thời gian tối thiểu dự thảo được gửi đến Mặt trận Tổ quốc để phản biện xã hội trước khi trình cơ quan có thẩm quyền',
     15,
     'Luật Mặt trận Tổ quốc Việt Nam số 75/2015/QH13 (Điều 32 - Điều 35), được sửa đổi, bổ sung bởi Luật số 97/2025/QH15',
     '', 0, CURRENT_TIMESTAMP);

-- A reminder of a deadline is a mail of its own purpose (SQLite changes a CHECK only
-- by rebuilding the table).
CREATE TABLE mail_outbox_new (
    id INTEGER PRIMARY KEY NOT NULL,
    comment_id BIGINT REFERENCES comments (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('confirm_comment', 'confirmation', 'links', 'comment_published', 'comment_rejected', 'answer', 'report_published', 'deadline_reminder')),
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
    FROM mail_outbox;
DROP TABLE mail_outbox;
ALTER TABLE mail_outbox_new RENAME TO mail_outbox;
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
CREATE INDEX mail_outbox_by_comment ON mail_outbox (comment_id);
