-- Issue 15, point 8: what a comment's text seems to hold of personal data (phone, email,
-- id: comma-separated kinds, empty when none). Such a comment waits for a moderator even
-- where comments are published first, and is never published unreviewed.
ALTER TABLE comments ADD COLUMN personal_data TEXT NOT NULL DEFAULT '';
