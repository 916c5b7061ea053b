DROP TABLE participation;
