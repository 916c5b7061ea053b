PRAGMA foreign_keys = OFF;
BEGIN;
ALTER TABLE drafts DROP COLUMN shortened_basis;
ALTER TABLE jurisdictions DROP COLUMN place_name;
ALTER TABLE agencies DROP COLUMN locality_id;
DELETE FROM document_types WHERE level = 'commune' OR code IN ('nghi-quyet-cp', 'quyet-dinh-ttg');
CREATE TABLE document_types_old (
    id INTEGER PRIMARY KEY NOT NULL,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('national', 'province')),
    min_comment_days INTEGER NOT NULL CHECK (min_comment_days >= 0),
    min_days_rule TEXT NOT NULL,
    min_days_confirmed BOOLEAN NOT NULL,
    needs_policy_proposal BOOLEAN NOT NULL,
    position INTEGER NOT NULL
);
INSERT INTO document_types_old
SELECT t.id, t.code, t.name, t.level, r.days, r.citation, r.confirmed, t.needs_policy_proposal, t.position
FROM document_types t JOIN legal_rules r ON r.id = t.min_rule_id;
DROP TABLE document_types;
ALTER TABLE document_types_old RENAME TO document_types;
DROP TABLE legal_rules;
COMMIT;
PRAGMA foreign_keys = ON;
