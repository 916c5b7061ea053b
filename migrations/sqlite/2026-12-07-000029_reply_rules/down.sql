-- SQLite cannot drop a column that references another table: the table is rebuilt.
PRAGMA foreign_keys = OFF;
CREATE TABLE document_types_old (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'province', 'commune')),
    min_rule_id BIGINT NOT NULL REFERENCES legal_rules (id),
    needs_policy_proposal BOOLEAN NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO document_types_old (id, code, name, level, min_rule_id, needs_policy_proposal, position)
SELECT id, code, name, level, min_rule_id, needs_policy_proposal, position FROM document_types;
DROP TABLE document_types;
ALTER TABLE document_types_old RENAME TO document_types;
PRAGMA foreign_keys = ON;
DELETE FROM legal_rules WHERE code IN ('consultation-reply-general', 'consultation-reply-chairman');
UPDATE legal_rules
SET subject = 'Thời hạn cơ quan, tổ chức được gửi văn bản lấy ý kiến trả lời',
    citation = 'Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15',
    source_url = '', confirmed = FALSE
WHERE code = 'consultation-reply';
UPDATE legal_rules
SET citation = 'Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15'
WHERE code = 'comment-period' AND NOT confirmed;
