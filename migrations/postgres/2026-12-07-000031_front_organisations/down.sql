ALTER TABLE localities DROP COLUMN ethnic_minority;
ALTER TABLE localities DROP COLUMN disadvantaged;
ALTER TABLE accounts DROP COLUMN organisation_id;
DROP TABLE organisations;
