DROP INDEX comments_scope_order;
DROP INDEX comments_public_order;
ALTER TABLE sections DROP COLUMN public_positions;
ALTER TABLE drafts DROP COLUMN whole_draft_positions;
ALTER TABLE drafts DROP COLUMN public_positions;
ALTER TABLE comments DROP COLUMN scope_position;
ALTER TABLE comments DROP COLUMN public_position;
