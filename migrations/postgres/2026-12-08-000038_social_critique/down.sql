DELETE FROM mail_outbox WHERE purpose = 'deadline_reminder';
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_purpose_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_purpose_check CHECK (purpose IN
    ('confirm_comment', 'confirmation', 'links', 'comment_published', 'comment_rejected',
     'answer', 'report_published'));
DELETE FROM legal_rules WHERE code = 'critique-lead';
DROP TABLE critique_reminders;
DROP TABLE critique_points;
DROP TABLE critique_files;
DROP TABLE critiques;
