-- Personal data no longer kept where it could outlive a redaction or a withdrawal:
-- published reports are built from the data as it stands (their rows are not stored),
-- and the audit log records that a moderator hid something, never what. The log is
-- append-only: its guard is lifted for this one change and put back.
UPDATE synthesis_reports SET rows_json = '[]';

DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET before_json = '', after_json = '{"redacted":true}'
    WHERE action = 'comment.redact';
UPDATE audit_log SET before_json = json_remove(before_json, '$.public_body')
    WHERE action IN ('comment.approve', 'comment.reject') AND before_json LIKE '%public_body%';
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
