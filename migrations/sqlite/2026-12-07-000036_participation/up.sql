-- Issue 16, points 6 and 10: published opinions counted as they enter and leave
-- "published" (queries::comments::set_published, the one place that moves them), by
-- the day they were sent (in Viet Nam), commune, campaign and commenter kind. The
-- participation dashboards read these rows, never the comments, so a page costs the
-- same with a million comments. 0 stands for no commune and for no campaign: a key
-- holding NULL would never meet its own row again.
CREATE TABLE participation (
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    locality_id BIGINT NOT NULL,
    campaign_id BIGINT NOT NULL,
    commenter_kind TEXT NOT NULL,
    published BIGINT NOT NULL,
    PRIMARY KEY (draft_id, day, locality_id, campaign_id, commenter_kind)
);
INSERT INTO participation (draft_id, day, locality_id, campaign_id, commenter_kind, published)
SELECT draft_id, date(created_at, '+7 hours'), COALESCE(locality_id, 0), COALESCE(campaign_id, 0), commenter_kind, COUNT(*)
FROM comments
WHERE status = 'published'
GROUP BY draft_id, date(created_at, '+7 hours'), COALESCE(locality_id, 0), COALESCE(campaign_id, 0), commenter_kind;
