-- Issue 15, point 6: opinions the agency received outside the portal (a written reply
-- to its consultation letter, a conference, the Fatherland Front, anything else),
-- recorded by staff, answered as comments are, and reported by source; and the
-- consultation letters sent to named bodies, with each one's reply deadline.
CREATE TABLE consultation_letters (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    number TEXT NOT NULL CHECK (length(number) BETWEEN 1 AND 100),
    sent_on DATE NOT NULL,
    -- The day the replies are due, from the legal rule 'consultation-reply' as it stood
    -- when the letter was recorded (a later change of the rule does not move it).
    reply_due DATE NOT NULL,
    created_by BIGINT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX consultation_letters_by_draft ON consultation_letters (draft_id, id);

-- The bodies a letter was sent to: an organisation's name, never a person's.
CREATE TABLE consultation_recipients (
    id INTEGER PRIMARY KEY NOT NULL,
    letter_id BIGINT NOT NULL REFERENCES consultation_letters (id) ON DELETE CASCADE,
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 300)
);
CREATE INDEX consultation_recipients_by_letter ON consultation_recipients (letter_id, id);

CREATE TABLE received_opinions (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    source TEXT NOT NULL CHECK (source IN ('consultation_reply', 'conference', 'fatherland_front', 'other')),
    organisation TEXT NOT NULL CHECK (length(organisation) BETWEEN 1 AND 300),
    document_number TEXT NOT NULL DEFAULT '' CHECK (length(document_number) <= 100),
    document_date DATE,
    received_on DATE NOT NULL,
    -- The article, clause or point of the version the opinion was given on; none for the
    -- whole draft. A letter about several clauses is recorded as one opinion per clause,
    -- as the report lists them.
    section_id BIGINT REFERENCES sections (id),
    body TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    -- The scan of the letter or minutes, among the draft's files.
    attachment_id BIGINT REFERENCES attachments (id),
    -- The addressee of a consultation letter whose reply this is.
    recipient_id BIGINT REFERENCES consultation_recipients (id),
    disposition TEXT CHECK (disposition IN ('accepted', 'partly_accepted', 'not_accepted', 'noted')),
    reason TEXT NOT NULL DEFAULT '' CHECK (length(reason) <= 20000),
    answered_by BIGINT REFERENCES accounts (id),
    answered_at TIMESTAMP,
    recorded_by BIGINT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX received_opinions_by_draft ON received_opinions (draft_id, id);
CREATE INDEX received_opinions_by_recipient ON received_opinions (recipient_id);
