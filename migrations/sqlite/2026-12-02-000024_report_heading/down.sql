ALTER TABLE agencies DROP COLUMN signer_title;
ALTER TABLE agencies DROP COLUMN abbreviation;
ALTER TABLE agencies DROP COLUMN parent_body;
