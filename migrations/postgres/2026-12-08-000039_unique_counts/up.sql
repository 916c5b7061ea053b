-- Issue 16, points 6 and 10: unique against total opinions without counting a draft's
-- comments per page view. Each group of near-identical opinions keeps how many of its
-- comments are published, and each draft how many of its groups have any: both kept by
-- comments::set_published and the grouping queue, in the transaction of the change.
-- Grouping started again from the first comment with migration 000037, so there is
-- nothing to fill in.
CREATE TABLE similar_group_counts (
    group_id BIGINT NOT NULL PRIMARY KEY,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    published BIGINT NOT NULL
);
-- The largest groups of a draft, for the answers page.
CREATE INDEX similar_group_counts_by_size ON similar_group_counts (draft_id, published);
ALTER TABLE drafts ADD COLUMN unique_published BIGINT NOT NULL DEFAULT 0;
