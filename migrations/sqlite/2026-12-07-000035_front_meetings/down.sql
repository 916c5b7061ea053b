-- SQLite cannot drop a column that references another table: the opinions' column
-- stays (NULL once the meetings are gone), the meetings go.
UPDATE received_opinions SET meeting_id = NULL;
DROP TABLE front_meetings;
