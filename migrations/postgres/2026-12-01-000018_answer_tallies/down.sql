DROP INDEX comments_by_answer;
CREATE INDEX comments_by_response ON comments (response_id);
DROP TABLE answer_tallies;
