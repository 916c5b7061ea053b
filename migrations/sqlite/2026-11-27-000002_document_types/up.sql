-- Document types and their legal settings, as editable defaults. The minimum comment
-- period of each names the rule it comes from; where the rule is not yet confirmed
-- against the 2025 law, min_days_confirmed is false and the page says so.
INSERT INTO document_types
    (code, name, level, min_comment_days, min_days_rule, min_days_confirmed, needs_policy_proposal, position)
VALUES
    ('luat', 'Luật', 'national', 60,
     'Luật Ban hành văn bản quy phạm pháp luật năm 2015 (số 80/2015/QH13): ít nhất 60 ngày; cần đối chiếu Luật số 64/2025/QH15',
     FALSE, TRUE, 10),
    ('nghi-dinh', 'Nghị định', 'national', 60,
     'Luật Ban hành văn bản quy phạm pháp luật năm 2015 (số 80/2015/QH13): ít nhất 60 ngày; cần đối chiếu Luật số 64/2025/QH15 và Nghị định số 78/2025/NĐ-CP',
     FALSE, TRUE, 20),
    ('thong-tu', 'Thông tư', 'national', 60,
     'Luật Ban hành văn bản quy phạm pháp luật năm 2015 (số 80/2015/QH13): ít nhất 60 ngày; cần đối chiếu Luật số 64/2025/QH15',
     FALSE, FALSE, 30),
    ('nghi-quyet-hdnd', 'Nghị quyết của Hội đồng nhân dân cấp tỉnh', 'province', 30,
     'Luật Ban hành văn bản quy phạm pháp luật năm 2015 (số 80/2015/QH13): ít nhất 30 ngày; cần đối chiếu Luật số 64/2025/QH15',
     FALSE, TRUE, 40),
    ('quyet-dinh-ubnd', 'Quyết định của Ủy ban nhân dân cấp tỉnh', 'province', 30,
     'Luật Ban hành văn bản quy phạm pháp luật năm 2015 (số 80/2015/QH13): ít nhất 30 ngày; cần đối chiếu Luật số 64/2025/QH15',
     FALSE, FALSE, 50),
    ('quyet-dinh-chu-tich-ubnd', 'Quyết định của Chủ tịch Ủy ban nhân dân cấp tỉnh', 'province', 10,
     'Nghị định số 78/2025/NĐ-CP, Điều 51a (bổ sung bởi Nghị định số 187/2025/NĐ-CP): đăng tải ít nhất 10 ngày',
     TRUE, FALSE, 60);
