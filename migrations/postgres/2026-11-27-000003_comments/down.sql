ALTER TABLE sections DROP COLUMN label;
ALTER TABLE sections DROP COLUMN published_comments;
ALTER TABLE drafts DROP COLUMN whole_draft_comments;
ALTER TABLE drafts DROP COLUMN published_comments;
DROP TABLE mail_outbox;
DROP TABLE comments;
