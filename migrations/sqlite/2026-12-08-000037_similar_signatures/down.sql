DROP TABLE similar_signatures;
DROP TABLE similar_bands;
CREATE TABLE similar_bands (
    draft_id BIGINT NOT NULL REFERENCES drafts (id),
    band_key BIGINT NOT NULL,
    comment_id BIGINT NOT NULL REFERENCES comments (id),
    PRIMARY KEY (draft_id, band_key)
);
UPDATE comments SET similar_group = NULL WHERE similar_group IS NOT NULL;
