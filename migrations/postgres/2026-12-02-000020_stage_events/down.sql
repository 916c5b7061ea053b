ALTER TABLE drafts DROP COLUMN needs_proposal_reason;
DROP TABLE draft_stage_events;
