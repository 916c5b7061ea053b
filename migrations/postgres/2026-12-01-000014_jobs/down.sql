DROP TABLE jobs;
ALTER TABLE search_outbox DROP COLUMN last_error;
ALTER TABLE search_outbox DROP COLUMN dead_at;
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_purpose_check;
ALTER TABLE mail_outbox DROP COLUMN dead_at;
