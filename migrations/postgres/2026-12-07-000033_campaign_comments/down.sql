DROP INDEX comments_by_campaign;
ALTER TABLE comments DROP COLUMN campaign_id;
