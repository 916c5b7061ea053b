ALTER TABLE drafts DROP COLUMN unique_published;
DROP TABLE similar_group_counts;
