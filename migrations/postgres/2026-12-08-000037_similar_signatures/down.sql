DROP TABLE similar_signatures;
DELETE FROM similar_bands;
UPDATE comments SET similar_group = NULL WHERE similar_group IS NOT NULL;
