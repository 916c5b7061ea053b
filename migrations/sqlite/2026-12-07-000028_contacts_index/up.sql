-- Issue 15, point 8: the daily erasure of commenters' contacts once kept long enough
-- (queries::comments::erase_expired_contacts) finds the comments of a closed draft
-- that still hold an address or a name here, instead of stepping over the rows it
-- already erased at every batch: on a draft of a million comments that made the first
-- run visit about n²/500 rows.
CREATE INDEX comments_holding_contact ON comments (draft_id, id)
    WHERE email IS NOT NULL OR name <> '';
