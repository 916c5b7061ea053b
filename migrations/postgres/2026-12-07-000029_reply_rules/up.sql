-- Figures read in the texts (issue 15, point 1), and the reply period of a consultation
-- letter following the type of the draft it is about.
--
-- The 15-day reply period was read in point a, clause 1, Article 30 of Law 64/2025/QH15
-- ("… cơ quan, tổ chức được lấy ý kiến có trách nhiệm trả lời bằng văn bản trong thời
-- hạn 15 ngày kể từ ngày nhận được đề nghị tham gia góp ý kiến") on
-- hethongphapluat.com. That article governs the consultation on a policy proposal of a
-- law or a resolution of the National Assembly: it is the rule of the law type; every
-- other type keeps a general rule of 15 days, unconfirmed, until its own article is read.
UPDATE legal_rules
SET subject = 'Thời hạn cơ quan, tổ chức được lấy ý kiến về chính sách trả lời bằng văn bản',
    citation = 'điểm a khoản 1 Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15',
    source_url = 'http://www.hethongphapluat.com/luat-ban-hanh-van-ban-quy-pham-phap-luat-2025/dieu-30',
    confirmed = TRUE,
    updated_at = CURRENT_TIMESTAMP
WHERE code = 'consultation-reply';

INSERT INTO legal_rules (code, subject, days, citation, source_url, confirmed, updated_at) VALUES
    ('consultation-reply-general',
     'Thời hạn cơ quan, tổ chức được gửi văn bản lấy ý kiến trả lời',
     15,
     'Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15; Nghị định số 78/2025/NĐ-CP',
     '', FALSE, CURRENT_TIMESTAMP),
    -- Reported by the Government's newspaper and others as added by Decree 187/2025 to
    -- Decree 78/2025 (Art. 51a): 7 days, 3 under the shortened procedure. Not read in the
    -- decree's own text.
    ('consultation-reply-chairman',
     'Thời hạn cơ quan, tổ chức được lấy ý kiến về dự thảo quyết định của Chủ tịch Ủy ban nhân dân cấp tỉnh trả lời bằng văn bản',
     7,
     'khoản 1 Điều 51a Nghị định số 78/2025/NĐ-CP, được bổ sung bởi Nghị định số 187/2025/NĐ-CP',
     '', FALSE, CURRENT_TIMESTAMP);

-- Article 30 of Law 64/2025 is the consultation on a policy: the article that sets the
-- 20 days of posting has not been read. The citation no longer names it.
UPDATE legal_rules
SET citation = 'Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15',
    updated_at = CURRENT_TIMESTAMP
WHERE code = 'comment-period' AND NOT confirmed;

-- The rule that sets how long a consulted body has to reply to a letter about a draft
-- of this type.
ALTER TABLE document_types ADD COLUMN reply_rule_id BIGINT REFERENCES legal_rules (id);
UPDATE document_types
SET reply_rule_id = (SELECT id FROM legal_rules WHERE code = CASE document_types.code
        WHEN 'luat' THEN 'consultation-reply'
        WHEN 'quyet-dinh-chu-tich-ubnd' THEN 'consultation-reply-chairman'
        ELSE 'consultation-reply-general' END);
