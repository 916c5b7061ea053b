-- Issue 16, point 4: near-identical opinions are grouped (domain::similarity). A
-- comment's group is the id of the group's first comment (its own id when it is the
-- first); NULL until the grouping queue has seen it. Nothing is merged: every comment
-- keeps its row, its status and its own answer.
ALTER TABLE comments ADD COLUMN similar_group BIGINT;
-- What the queue has still to see, in the order the comments came.
CREATE INDEX comments_to_group ON comments (id) WHERE similar_group IS NULL;
-- A group's members, by status.
CREATE INDEX comments_by_similar_group ON comments (similar_group, status);
-- The bands of the signatures seen on each draft: the first comment that brought each
-- band key. A new comment is compared only with the comments its bands lead to.
CREATE TABLE similar_bands (
    draft_id BIGINT NOT NULL REFERENCES drafts (id),
    band_key BIGINT NOT NULL,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    PRIMARY KEY (draft_id, band_key)
);
