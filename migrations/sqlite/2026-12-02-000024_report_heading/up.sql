-- Issue 15, point 7: what the synthesis report's heading needs under Decree 30/2020/NĐ-CP:
-- the agency's parent body, the abbreviation in its document numbers (Số: …/BC-SXD)
-- and the title of who signs for it.
ALTER TABLE agencies ADD COLUMN parent_body TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN abbreviation TEXT NOT NULL DEFAULT '';
ALTER TABLE agencies ADD COLUMN signer_title TEXT NOT NULL DEFAULT '';
