ALTER TABLE attachments DROP COLUMN withdrawn_reason;
ALTER TABLE attachments DROP COLUMN withdrawn_at;
DROP TABLE dossier_requirements;
