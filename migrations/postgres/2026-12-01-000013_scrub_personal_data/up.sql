-- Personal data no longer kept where it could outlive a redaction or a withdrawal:
-- published reports are built from the data as it stands (their rows are not stored),
-- and the audit log records that a moderator hid something, never what. The log is
-- append-only: its guard is lifted for this one change and put back.
UPDATE synthesis_reports SET rows_json = '[]';

ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
UPDATE audit_log SET before_json = '', after_json = '{"redacted":true}'
    WHERE action = 'comment.redact';
UPDATE audit_log SET before_json = (before_json::jsonb - 'public_body')::text
    WHERE action IN ('comment.approve', 'comment.reject') AND before_json LIKE '%public_body%';
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;
