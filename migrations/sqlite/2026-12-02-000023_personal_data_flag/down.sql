ALTER TABLE comments DROP COLUMN personal_data;
