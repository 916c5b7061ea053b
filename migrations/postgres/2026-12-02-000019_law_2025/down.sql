ALTER TABLE drafts DROP COLUMN shortened_basis;
ALTER TABLE jurisdictions DROP COLUMN place_name;
ALTER TABLE agencies DROP COLUMN locality_id;
DELETE FROM document_types WHERE level = 'commune' OR code IN ('nghi-quyet-cp', 'quyet-dinh-ttg');
ALTER TABLE document_types DROP CONSTRAINT document_types_level_check;
ALTER TABLE document_types ADD CONSTRAINT document_types_level_check CHECK (level IN ('national', 'province'));
ALTER TABLE document_types ADD COLUMN min_comment_days INTEGER NOT NULL DEFAULT 0 CHECK (min_comment_days >= 0);
ALTER TABLE document_types ADD COLUMN min_days_rule TEXT NOT NULL DEFAULT '';
ALTER TABLE document_types ADD COLUMN min_days_confirmed BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE document_types t SET min_comment_days = r.days, min_days_rule = r.citation, min_days_confirmed = r.confirmed
FROM legal_rules r WHERE r.id = t.min_rule_id;
ALTER TABLE document_types DROP COLUMN min_rule_id;
DROP TABLE legal_rules;
