-- Issue 15, point 5: the dossier. Which files a draft must be posted with, per document
-- type and stage, as data with its source (unconfirmed until an administrator has read
-- it); a file of a posted draft is withdrawn with a public reason and stays listed.
CREATE TABLE dossier_requirements (
    id INTEGER PRIMARY KEY NOT NULL,
    document_type_id BIGINT NOT NULL REFERENCES document_types (id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('proposal', 'draft')),
    kind TEXT NOT NULL CHECK (kind IN ('submission', 'impact_assessment', 'lawmaking_proposal')),
    citation TEXT NOT NULL,
    confirmed BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (document_type_id, stage, kind)
);

-- Every type posts its draft with its submission (tờ trình); a type with a policy
-- proposal also with the report assessing the impact of its policies, and its proposal
-- stage with the proposal dossier.
INSERT INTO dossier_requirements (document_type_id, stage, kind, citation)
SELECT id, 'draft', 'submission',
       'Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15: hồ sơ dự thảo đăng tải để lấy ý kiến'
FROM document_types;
INSERT INTO dossier_requirements (document_type_id, stage, kind, citation)
SELECT id, 'draft', 'impact_assessment',
       'Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15: hồ sơ dự thảo đăng tải để lấy ý kiến'
FROM document_types WHERE needs_policy_proposal;
INSERT INTO dossier_requirements (document_type_id, stage, kind, citation)
SELECT id, 'proposal', 'lawmaking_proposal',
       'Luật Ban hành văn bản quy phạm pháp luật số 64/2025/QH15: hồ sơ đề xuất chính sách'
FROM document_types WHERE needs_policy_proposal;

ALTER TABLE attachments ADD COLUMN withdrawn_at TIMESTAMP;
ALTER TABLE attachments ADD COLUMN withdrawn_reason TEXT NOT NULL DEFAULT '';
