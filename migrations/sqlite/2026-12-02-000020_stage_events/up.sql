-- Issue 15, point 4: Decision 407's life cycle as a dated history. Each stage a draft
-- enters is an event (its day, a note, the document that decided it), shown publicly
-- as a timeline. Criterion 1 ("a type that needs a policy proposal") follows the
-- document type; a draft that differs from its type says why.
CREATE TABLE draft_stage_events (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('proposal', 'draft', 'appraisal', 'adopted', 'withdrawn')),
    occurred_on DATE NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    document_ref TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX draft_stage_events_by_draft ON draft_stage_events (draft_id, occurred_on, id);

-- The drafts already there enter their present stage on the day they were created.
INSERT INTO draft_stage_events (draft_id, stage, occurred_on, created_at)
SELECT id, stage, date(created_at), created_at FROM drafts;

ALTER TABLE drafts ADD COLUMN needs_proposal_reason TEXT NOT NULL DEFAULT '';
-- A criterion set by hand before that differs from its type keeps its value, with why.
UPDATE drafts SET needs_proposal_reason = 'Đã khai trước khi tiêu chí này được xác định theo loại văn bản.'
WHERE impact_needs_proposal <> (SELECT t.needs_policy_proposal FROM document_types t WHERE t.id = drafts.document_type_id);
