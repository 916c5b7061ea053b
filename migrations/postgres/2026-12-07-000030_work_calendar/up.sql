-- The working-day calendar (issue 15, point 3; issue 17 builds its clocks on it). A
-- period in days whose last day is a weekend day or a holiday ends at the end of the
-- next working day (Civil Code 2015, Art. 148(5)): a comment period's minimum is counted
-- with these days. Holidays are those of the Labour Code 2019 (Art. 112); the Tết days,
-- the second day of National Day and the swapped days are set each year by the
-- Government's decision, entered here with its source.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY NOT NULL,
    decision TEXT NOT NULL,
    source_url TEXT NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL
);
CREATE TABLE calendar_days (
    day DATE PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('holiday', 'day_off', 'workday')),
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    source_url TEXT NOT NULL DEFAULT '',
    confirmed BOOLEAN NOT NULL DEFAULT FALSE
);

-- Which years' days are complete: the year's decision on the Tết days, the second day
-- of National Day and the swapped days has been entered. In another year only
-- weekends and the days entered count as rest days, and the console says so.
INSERT INTO calendar_years (year, decision, source_url, updated_at) VALUES
    (2025, 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024 của Văn phòng Chính phủ về nghỉ Tết Âm lịch, Quốc khánh và hoán đổi ngày làm việc năm 2025',
     'https://pld.net.vn/tag/nghi-tet-nguyen-dan.html', CURRENT_TIMESTAMP),
    (2026, 'Công văn số 12729/VPCP-KGVX ngày 25/12/2025 của Văn phòng Chính phủ (Tết Dương lịch); thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026',
     'https://vietnamnews.vn/politics-laws/1727514/ministry-of-home-affairs-announces-2026-holiday-schedule-for-lunar-new-year-national-day.html', CURRENT_TIMESTAMP);

-- The days that differ from the weekly pattern (Saturday and Sunday off), each with
-- its source. "confirmed" as for legal rules: read on the page named; an unconfirmed
-- day (computed from the law, or known only from secondary sources) still counts.
INSERT INTO calendar_days (day, kind, name, source, source_url, confirmed) VALUES
    ('2025-01-01', 'holiday', 'Tết Dương lịch', 'điểm a khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://sites.google.com/view/luatlaodong2019/luật-lao-động/chương-7-thời-gian-làm-việc-thời-giờ-nghỉ-ngơi/điều-112-nghỉ-lễ-tết', TRUE),
    ('2025-01-27', 'holiday', 'Tết Nguyên đán (28 tháng Chạp)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://en.sggp.org.vn/prime-minister-approves-9-day-tet-break-for-2025-post114084.html', TRUE),
    ('2025-01-28', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://en.sggp.org.vn/prime-minister-approves-9-day-tet-break-for-2025-post114084.html', TRUE),
    ('2025-01-29', 'holiday', 'Tết Nguyên đán (mùng 1 Tết Ất Tỵ)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://en.sggp.org.vn/prime-minister-approves-9-day-tet-break-for-2025-post114084.html', TRUE),
    ('2025-01-30', 'holiday', 'Tết Nguyên đán (mùng 2)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://en.sggp.org.vn/prime-minister-approves-9-day-tet-break-for-2025-post114084.html', TRUE),
    ('2025-01-31', 'holiday', 'Tết Nguyên đán (mùng 3)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://en.sggp.org.vn/prime-minister-approves-9-day-tet-break-for-2025-post114084.html', TRUE),
    ('2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', 'điểm e khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://trek.zone/en/vietnam/calendar', TRUE),
    ('2025-04-26', 'workday', 'Làm bù thứ Bảy (hoán đổi với thứ Sáu 02/5/2025)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://aeonmall-tanphuceladon-en.com/tin-tuc/nghi-le-30-04-01-05-lien-tiep-trong-5-ngay', TRUE),
    ('2025-04-30', 'holiday', 'Ngày Chiến thắng', 'điểm c khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://aeonmall-tanphuceladon-en.com/tin-tuc/nghi-le-30-04-01-05-lien-tiep-trong-5-ngay', TRUE),
    ('2025-05-01', 'holiday', 'Ngày Quốc tế lao động', 'điểm d khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://aeonmall-tanphuceladon-en.com/tin-tuc/nghi-le-30-04-01-05-lien-tiep-trong-5-ngay', TRUE),
    ('2025-05-02', 'day_off', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)', 'Công văn số 8726/VPCP-KGVX ngày 26/11/2024', 'https://aeonmall-tanphuceladon-en.com/tin-tuc/nghi-le-30-04-01-05-lien-tiep-trong-5-ngay', TRUE),
    ('2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'điểm đ khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14; thông báo của Bộ Nội vụ năm 2025', 'https://en.sggp.org.vn/vietnamese-workers-to-have-four-days-off-for-national-day-2025-post119346.html', TRUE),
    ('2025-09-02', 'holiday', 'Quốc khánh', 'điểm đ khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://vietnamnews.vn/society/1722634/national-day-holiday-to-last-four-days.html', TRUE),
    ('2026-01-01', 'holiday', 'Tết Dương lịch', 'điểm a khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://tracuuquyhoach.com/tin-tuc/tin-vui-cho-nguoi-lao-dong-chinh-phu-dong-y-nghi-tet-duong-lich-4-ngay-54100289', TRUE),
    ('2026-01-02', 'day_off', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)', 'Công văn số 12729/VPCP-KGVX ngày 25/12/2025', 'https://tracuuquyhoach.com/tin-tuc/tin-vui-cho-nguoi-lao-dong-chinh-phu-dong-y-nghi-tet-duong-lich-4-ngay-54100289', TRUE),
    ('2026-01-10', 'workday', 'Làm bù thứ Bảy (hoán đổi với thứ Sáu 02/01/2026)', 'Công văn số 12729/VPCP-KGVX ngày 25/12/2025', 'https://tracuuquyhoach.com/tin-tuc/tin-vui-cho-nguoi-lao-dong-chinh-phu-dong-y-nghi-tet-duong-lich-4-ngay-54100289', TRUE),
    ('2026-02-16', 'holiday', 'Tết Nguyên đán (29 tháng Chạp)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026', 'https://vietnammedia.vnanet.vn/video/lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-165342.htm', TRUE),
    ('2026-02-17', 'holiday', 'Tết Nguyên đán (mùng 1 Tết Bính Ngọ)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026', 'https://vietnammedia.vnanet.vn/video/lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-165342.htm', TRUE),
    ('2026-02-18', 'holiday', 'Tết Nguyên đán (mùng 2)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026', 'https://vietnammedia.vnanet.vn/video/lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-165342.htm', TRUE),
    ('2026-02-19', 'holiday', 'Tết Nguyên đán (mùng 3)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026', 'https://vietnammedia.vnanet.vn/video/lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-165342.htm', TRUE),
    ('2026-02-20', 'holiday', 'Tết Nguyên đán (mùng 4)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Tết Âm lịch năm 2026', 'https://vietnammedia.vnanet.vn/video/lich-nghi-tet-nguyen-dan-va-quoc-khanh-nam-2026-165342.htm', TRUE),
    ('2026-04-26', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, Chủ nhật)', 'điểm e khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://thanhnien.vn/gio-to-hung-vuong-304-15-quoc-khanh-29-nam-2026-duoc-nghi-may-ngay-185260223083506397.htm', TRUE),
    ('2026-04-27', 'day_off', 'Nghỉ bù Giỗ Tổ Hùng Vương', 'khoản 3 Điều 111 Bộ luật Lao động số 45/2019/QH14', 'https://thanhnien.vn/gio-to-hung-vuong-304-15-quoc-khanh-29-nam-2026-duoc-nghi-may-ngay-185260223083506397.htm', TRUE),
    ('2026-04-30', 'holiday', 'Ngày Chiến thắng', 'điểm c khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://tienphong.vn/bo-noi-vu-bac-bo-thong-tin-hoan-doi-de-nghi-gio-to-304-15-keo-dai-9-ngay-post1825362.tpo', TRUE),
    ('2026-05-01', 'holiday', 'Ngày Quốc tế lao động', 'điểm d khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://tienphong.vn/bo-noi-vu-bac-bo-thong-tin-hoan-doi-de-nghi-gio-to-304-15-keo-dai-9-ngay-post1825362.tpo', TRUE),
    ('2026-08-22', 'workday', 'Làm bù thứ Bảy (hoán đổi với thứ Hai 31/8/2026)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Quốc khánh năm 2026', 'https://vietnamnews.vn/politics-laws/1727514/ministry-of-home-affairs-announces-2026-holiday-schedule-for-lunar-new-year-national-day.html', TRUE),
    ('2026-08-31', 'day_off', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)', 'Thông báo của Bộ Nội vụ về lịch nghỉ Quốc khánh năm 2026', 'https://vietnamnews.vn/politics-laws/1727514/ministry-of-home-affairs-announces-2026-holiday-schedule-for-lunar-new-year-national-day.html', TRUE),
    ('2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', 'điểm đ khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14; thông báo của Bộ Nội vụ năm 2026', 'https://vietnamnews.vn/politics-laws/1727514/ministry-of-home-affairs-announces-2026-holiday-schedule-for-lunar-new-year-national-day.html', TRUE),
    ('2026-09-02', 'holiday', 'Quốc khánh', 'điểm đ khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://vietnamnews.vn/politics-laws/1727514/ministry-of-home-affairs-announces-2026-holiday-schedule-for-lunar-new-year-national-day.html', TRUE),
    -- Reported as made a paid day off by Resolution 28/2026/QH16 (in force 1 July 2026);
    -- the resolution's text has not been read.
    ('2026-11-24', 'holiday', 'Ngày Văn hóa Việt Nam', 'Nghị quyết số 28/2026/QH16 của Quốc hội về phát triển văn hóa Việt Nam', '', FALSE),
    -- 2027: the days the Labour Code fixes; the Tết days, the second day of National
    -- Day and any swap wait for the year's decision (the year is not complete).
    ('2027-01-01', 'holiday', 'Tết Dương lịch', 'điểm a khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://sites.google.com/view/luatlaodong2019/luật-lao-động/chương-7-thời-gian-làm-việc-thời-giờ-nghỉ-ngơi/điều-112-nghỉ-lễ-tết', TRUE),
    ('2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch, ngày dương lịch tính theo lịch âm)', 'điểm e khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', '', FALSE),
    ('2027-04-30', 'holiday', 'Ngày Chiến thắng', 'điểm c khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://sites.google.com/view/luatlaodong2019/luật-lao-động/chương-7-thời-gian-làm-việc-thời-giờ-nghỉ-ngơi/điều-112-nghỉ-lễ-tết', TRUE),
    ('2027-05-01', 'holiday', 'Ngày Quốc tế lao động (thứ Bảy)', 'điểm d khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://sites.google.com/view/luatlaodong2019/luật-lao-động/chương-7-thời-gian-làm-việc-thời-giờ-nghỉ-ngơi/điều-112-nghỉ-lễ-tết', TRUE),
    ('2027-05-03', 'day_off', 'Nghỉ bù Ngày Quốc tế lao động', 'khoản 3 Điều 111 Bộ luật Lao động số 45/2019/QH14', '', FALSE),
    ('2027-09-02', 'holiday', 'Quốc khánh', 'điểm đ khoản 1 Điều 112 Bộ luật Lao động số 45/2019/QH14', 'https://sites.google.com/view/luatlaodong2019/luật-lao-động/chương-7-thời-gian-làm-việc-thời-giờ-nghỉ-ngơi/điều-112-nghỉ-lễ-tết', TRUE),
    ('2027-11-24', 'holiday', 'Ngày Văn hóa Việt Nam', 'Nghị quyết số 28/2026/QH16 của Quốc hội về phát triển văn hóa Việt Nam', '', FALSE);
