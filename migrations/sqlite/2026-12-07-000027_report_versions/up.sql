-- Issue 15, point 7: a published report keeps its versions. Each publication records
-- the answers as they were then (staff's words, never a comment's text or its author),
-- so an answer changed after publication makes a new version, marked, while the old one
-- stays readable; and the totals of what was received, confirmed, published and
-- rejected by reason, counted once when it was published.
ALTER TABLE synthesis_reports ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE synthesis_reports ADD COLUMN stats_json TEXT NOT NULL DEFAULT '';
CREATE TABLE report_answers (
    id INTEGER PRIMARY KEY NOT NULL,
    report_id BIGINT NOT NULL REFERENCES synthesis_reports (id) ON DELETE CASCADE,
    response_id BIGINT REFERENCES responses (id) ON DELETE CASCADE,
    opinion_id BIGINT REFERENCES received_opinions (id) ON DELETE CASCADE,
    disposition TEXT NOT NULL CHECK (disposition IN ('accepted', 'partly_accepted', 'not_accepted', 'noted')),
    reason TEXT NOT NULL,
    CHECK ((response_id IS NULL) <> (opinion_id IS NULL))
);
CREATE INDEX report_answers_by_report ON report_answers (report_id);
-- The versions already published are numbered in the order they were published.
UPDATE synthesis_reports SET version = (
    SELECT COUNT(*) FROM synthesis_reports AS earlier
    WHERE earlier.draft_id = synthesis_reports.draft_id AND earlier.id <= synthesis_reports.id
);
