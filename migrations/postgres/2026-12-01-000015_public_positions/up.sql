-- A maintained place for every comment in the public record (issue 14), so that any page
-- of a draft's comments is read by a range of positions through an index, at the same
-- cost for page 1 and page 5,000, and the newest comments by walking that index back:
-- no page counts or skips rows.
--
-- public_position: the comment's place among the public comments of its draft (1, 2, …),
-- given when it first enters the public record (published, or rejected and shown as a
-- placeholder) and never changed. scope_position: its place among those on the same
-- section, or on the whole draft. A comment that leaves the record (withdrawn) leaves a
-- gap; it never moves another comment.
ALTER TABLE comments ADD COLUMN public_position BIGINT;
ALTER TABLE comments ADD COLUMN scope_position BIGINT;
-- The last position given out: the next comment takes the one after.
ALTER TABLE drafts ADD COLUMN public_positions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE drafts ADD COLUMN whole_draft_positions BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sections ADD COLUMN public_positions BIGINT NOT NULL DEFAULT 0;

UPDATE comments SET public_position = r.n FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY draft_id ORDER BY id) AS n
    FROM comments WHERE status IN ('published', 'rejected')
) AS r WHERE comments.id = r.id;
UPDATE comments SET scope_position = r.n FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY draft_id, section_id ORDER BY id) AS n
    FROM comments WHERE status IN ('published', 'rejected')
) AS r WHERE comments.id = r.id;
UPDATE drafts SET
    public_positions = COALESCE((SELECT MAX(c.public_position) FROM comments c
        WHERE c.draft_id = drafts.id), 0),
    whole_draft_positions = COALESCE((SELECT MAX(c.scope_position) FROM comments c
        WHERE c.draft_id = drafts.id AND c.section_id IS NULL), 0);
UPDATE sections SET public_positions = COALESCE((SELECT MAX(c.scope_position) FROM comments c
    WHERE c.section_id = sections.id), 0);

CREATE UNIQUE INDEX comments_public_order ON comments (draft_id, public_position);
CREATE INDEX comments_scope_order ON comments (draft_id, section_id, scope_position);
