-- Issue 16, point 5: the result of a meeting the Front held with residents about a
-- draft (a commune meeting, a residential group's meeting), recorded by the organiser
-- of the campaign it belongs to: when and where, how many took part, its minutes (a
-- file, seen by the agency and the organisers, never published: minutes name people),
-- and what it said, clause by clause. What it said enters the draft as opinions
-- received outside the portal with source "fatherland_front" (received_opinions), so
-- the agency answers and reports them as it does the others.
CREATE TABLE front_meetings (
    id INTEGER PRIMARY KEY NOT NULL,
    draft_id BIGINT NOT NULL REFERENCES drafts (id) ON DELETE CASCADE,
    campaign_id BIGINT NOT NULL REFERENCES campaigns (id),
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    held_on DATE NOT NULL,
    locality_id BIGINT NOT NULL REFERENCES localities (id),
    participants INTEGER NOT NULL CHECK (participants BETWEEN 1 AND 100000),
    summary TEXT NOT NULL DEFAULT '' CHECK (length(summary) <= 5000),
    minutes_sha256 TEXT NOT NULL CHECK (length(minutes_sha256) = 64),
    minutes_name TEXT NOT NULL CHECK (length(minutes_name) BETWEEN 1 AND 200),
    minutes_type TEXT NOT NULL,
    minutes_size BIGINT NOT NULL CHECK (minutes_size > 0),
    recorded_by BIGINT REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX front_meetings_by_campaign ON front_meetings (campaign_id, id);
CREATE INDEX front_meetings_by_draft ON front_meetings (draft_id, id);
-- The meeting an opinion came from, when it came from one.
ALTER TABLE received_opinions ADD COLUMN meeting_id BIGINT REFERENCES front_meetings (id);
