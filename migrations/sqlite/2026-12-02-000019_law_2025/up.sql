-- Issue 15: the 2025 law. Legal figures become rows with their source (legal_rules),
-- document types point at the rule of their minimum period and gain the commune level;
-- drafts remember whether they follow the shortened procedure.
--
-- SQLite cannot change a CHECK constraint in place: document_types is rebuilt, with the
-- foreign keys that point at it switched off for the rebuild (hence no transaction from
-- the migration runner: metadata.toml), and checked before the commit.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE legal_rules (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    subject TEXT NOT NULL,
    days INTEGER NOT NULL CHECK (days >= 0),
    citation TEXT NOT NULL,
    source_url TEXT NOT NULL DEFAULT '',
    confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at TIMESTAMP NOT NULL,
    CHECK (NOT confirmed OR source_url <> '')
);
-- The legal figures the portal enforces, each with the rule it comes from. Every figure
-- here is entered from the texts as understood when written, and is unconfirmed until
-- an administrator has read the article on a public page and records where: only a
-- confirmed citation is shown to the public; an unconfirmed minimum is still enforced.
INSERT INTO legal_rules (code, subject, days, citation, source_url, confirmed, updated_at) VALUES
    ('comment-period',
     'Thời gian đăng tải dự thảo văn bản quy phạm pháp luật để lấy ý kiến (tối thiểu)',
     20,
     'Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15, được sửa đổi, bổ sung bởi Luật số 87/2025/QH15',
     '', FALSE, CURRENT_TIMESTAMP),
    ('comment-period-chairman',
     'Thời gian đăng tải dự thảo quyết định của Chủ tịch Ủy ban nhân dân cấp tỉnh để lấy ý kiến (tối thiểu)',
     10,
     'điểm b khoản 1 Điều 51a Nghị định số 78/2025/NĐ-CP, được bổ sung bởi Nghị định số 187/2025/NĐ-CP',
     '', FALSE, CURRENT_TIMESTAMP),
    ('consultation-reply',
     'Thời hạn cơ quan, tổ chức được gửi văn bản lấy ý kiến trả lời',
     15,
     'Điều 30 Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15',
     '', FALSE, CURRENT_TIMESTAMP);

-- A type added by an administrator keeps its figure, as a rule of its own, unconfirmed.
INSERT INTO legal_rules (code, subject, days, citation, source_url, confirmed, updated_at)
SELECT 'min-days-' || code, 'Thời gian lấy ý kiến tối thiểu: ' || name, min_comment_days, min_days_rule, '', FALSE, CURRENT_TIMESTAMP
FROM document_types
WHERE code NOT IN ('luat', 'nghi-dinh', 'thong-tu', 'nghi-quyet-hdnd', 'quyet-dinh-ubnd', 'quyet-dinh-chu-tich-ubnd');

CREATE TABLE document_types_new (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'province', 'commune')),
    min_rule_id BIGINT NOT NULL REFERENCES legal_rules (id),
    needs_policy_proposal BOOLEAN NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO document_types_new (id, code, name, level, min_rule_id, needs_policy_proposal, position)
SELECT t.id, t.code, t.name, t.level,
       (SELECT r.id FROM legal_rules r WHERE r.code = CASE
            WHEN t.code = 'quyet-dinh-chu-tich-ubnd' THEN 'comment-period-chairman'
            WHEN t.code IN ('luat', 'nghi-dinh', 'thong-tu', 'nghi-quyet-hdnd', 'quyet-dinh-ubnd') THEN 'comment-period'
            ELSE 'min-days-' || t.code END),
       t.needs_policy_proposal, t.position
FROM document_types t;
DROP TABLE document_types;
ALTER TABLE document_types_new RENAME TO document_types;

-- The types every level needs under the 2025 law: the Government's resolution, the Prime
-- Minister's decision, and the commune's own resolutions and decisions (Law 87/2025/QH15,
-- from 1 July 2025).
INSERT INTO document_types (code, name, level, min_rule_id, needs_policy_proposal, position)
SELECT v.code, v.name, v.level, r.id, v.needs, v.position
FROM (
    SELECT 'nghi-quyet-cp' AS code, 'Nghị quyết của Chính phủ' AS name, 'national' AS level, FALSE AS needs, 25 AS position
    UNION ALL SELECT 'quyet-dinh-ttg', 'Quyết định của Thủ tướng Chính phủ', 'national', FALSE, 27
    UNION ALL SELECT 'nghi-quyet-hdnd-xa', 'Nghị quyết của Hội đồng nhân dân cấp xã', 'commune', FALSE, 70
    UNION ALL SELECT 'quyet-dinh-ubnd-xa', 'Quyết định của Ủy ban nhân dân cấp xã', 'commune', FALSE, 80
) v
JOIN legal_rules r ON r.code = 'comment-period'
WHERE NOT EXISTS (SELECT 1 FROM document_types t WHERE t.code = v.code);

-- Where a consultation is held: an agency may belong to a commune, and the jurisdiction's
-- place name heads the reports it signs ("Thành phố Hồ Chí Minh, ngày 01 tháng 12 năm 2026").
ALTER TABLE agencies ADD COLUMN locality_id BIGINT REFERENCES localities (id);
ALTER TABLE jurisdictions ADD COLUMN place_name TEXT NOT NULL DEFAULT '';
UPDATE jurisdictions SET place_name = name;

-- The shortened procedure (trình tự, thủ tục rút gọn) lets a period end before the
-- minimum; the draft then names its legal basis, which its public page shows.
ALTER TABLE drafts ADD COLUMN shortened_basis TEXT NOT NULL DEFAULT '';

COMMIT;
PRAGMA foreign_keys = ON;
