ALTER TABLE received_opinions DROP COLUMN meeting_id;
DROP TABLE front_meetings;
