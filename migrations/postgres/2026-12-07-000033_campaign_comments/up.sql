-- Issue 16, point 3: a comment that arrives through a campaign's link records the
-- campaign (and so its organisation), and nothing about who sent it beyond what every
-- comment records. Organisers see counts, never rows.
ALTER TABLE comments ADD COLUMN campaign_id BIGINT REFERENCES campaigns (id);
CREATE INDEX comments_by_campaign ON comments (campaign_id, status) WHERE campaign_id IS NOT NULL;
