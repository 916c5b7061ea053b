DROP TABLE similar_bands;
DROP INDEX comments_by_similar_group;
DROP INDEX comments_to_group;
ALTER TABLE comments DROP COLUMN similar_group;
