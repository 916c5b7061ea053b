-- Issue 16, point 1: the Vietnam Fatherland Front's organisations as data. The
-- jurisdiction's Front committee, a committee in each commune under it, and the member
-- organisations under each committee (the tree's rules are in domain::front). The
-- contact is the office's: an organiser's own address never appears here.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY NOT NULL,
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions (id),
    kind TEXT NOT NULL CHECK (kind IN ('front_committee', 'womens_union', 'youth_union',
        'farmers_association', 'veterans_association', 'trade_union', 'other_member')),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 3 AND 300),
    short_name TEXT NOT NULL CHECK (length(short_name) BETWEEN 1 AND 150),
    parent_id BIGINT REFERENCES organisations (id),
    locality_id BIGINT REFERENCES localities (id),
    office_address TEXT NOT NULL DEFAULT '',
    office_phone TEXT NOT NULL DEFAULT '',
    office_email TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    -- Only a committee has no parent (the jurisdiction's).
    CHECK (parent_id IS NOT NULL OR kind = 'front_committee')
);
CREATE INDEX organisations_by_parent ON organisations (parent_id, id);
-- One committee for the jurisdiction, one per commune.
CREATE UNIQUE INDEX organisations_one_root ON organisations (jurisdiction_id) WHERE parent_id IS NULL;
CREATE UNIQUE INDEX organisations_one_per_commune ON organisations (locality_id) WHERE kind = 'front_committee' AND locality_id IS NOT NULL;

-- An organiser acts for one organisation and those under it.
ALTER TABLE accounts ADD COLUMN organisation_id BIGINT REFERENCES organisations (id);

-- Issue 16, point 2: priority communes for mobilisation, set as data.
ALTER TABLE localities ADD COLUMN disadvantaged BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE localities ADD COLUMN ethnic_minority BOOLEAN NOT NULL DEFAULT FALSE;
