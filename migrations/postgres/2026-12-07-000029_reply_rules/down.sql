ALTER TABLE document_types DROP COLUMN reply_rule_id;
DELETE FROM legal_rules WHERE code IN ('consultation-reply-general', 'consultation-reply-chairman');
UPDATE legal_rules
SET subject = 'Thời hạn cơ quan, tổ chức được gửi văn bản lấy ý kiến trả lời',
    citation = 'Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15',
    source_url = '', confirmed = FALSE
WHERE code = 'consultation-reply';
UPDATE legal_rules
SET citation = 'Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15'
WHERE code = 'comment-period' AND NOT confirmed;
