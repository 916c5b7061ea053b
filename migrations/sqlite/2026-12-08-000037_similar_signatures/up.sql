-- Issue 16, point 10: the grouping queue compares a new comment with the comments its
-- band keys lead to. It read their texts and computed their signatures again, which
-- was a third of its time at a million comments; it now reads them. Only the comments
-- that brought a band key first are ever candidates, so only theirs are kept.
-- `slots` is the 64 slots of 16 bits, little-endian; `negated` the negated words
-- (domain::similarity), UTF-8, one per line. The group is kept beside them, so that a
-- candidate is read from this table alone.
CREATE TABLE similar_signatures (
    comment_id BIGINT NOT NULL PRIMARY KEY REFERENCES comments (id),
    similar_group BIGINT NOT NULL,
    slots BLOB NOT NULL,
    negated BLOB NOT NULL
) WITHOUT ROWID;
-- The band keys become a table without rowid: one B-tree keyed by (draft, key) instead
-- of a rowid table and its primary key's index, for half the writes per key. Grouping
-- starts again from the first comment (it is the same function of the comments in the
-- same order, so the groups come out as they were), to record the signatures.
DROP TABLE similar_bands;
CREATE TABLE similar_bands (
    draft_id BIGINT NOT NULL REFERENCES drafts (id),
    band_key BIGINT NOT NULL,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    PRIMARY KEY (draft_id, band_key)
) WITHOUT ROWID;
UPDATE comments SET similar_group = NULL WHERE similar_group IS NOT NULL;
