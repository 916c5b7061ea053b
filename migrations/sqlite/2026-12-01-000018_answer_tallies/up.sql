-- What each answer covers, kept as the comments move (issue 14), so that the synthesis
-- report is written from a few rows per answer instead of counting every comment of
-- the draft: the published comments an answer covers, by where they are (place: the
-- section's id, or 0 for the whole draft) and by the kind of commenter. Maintained in
-- the transaction of every change: a comment published or leaving publication
-- (comments::set_published), an answer given to comments (answers::create), comments
-- carried to a new version's sections (authoring::carry_comments).
CREATE TABLE answer_tallies (
    response_id BIGINT NOT NULL REFERENCES responses (id),
    draft_id BIGINT NOT NULL REFERENCES drafts (id),
    place BIGINT NOT NULL,
    commenter_kind TEXT NOT NULL,
    comments BIGINT NOT NULL,
    PRIMARY KEY (response_id, place, commenter_kind)
);
CREATE INDEX answer_tallies_by_draft ON answer_tallies (draft_id);

INSERT INTO answer_tallies (response_id, draft_id, place, commenter_kind, comments)
SELECT response_id, draft_id, COALESCE(section_id, 0), commenter_kind, COUNT(*)
FROM comments
WHERE status = 'published' AND response_id IS NOT NULL
GROUP BY response_id, draft_id, COALESCE(section_id, 0), commenter_kind;

-- The oldest published comment of an answer (the one the report quotes) is one index
-- seek away.
DROP INDEX comments_by_response;
CREATE INDEX comments_by_answer ON comments (response_id, status, id);
