ALTER TABLE localities DROP COLUMN ethnic_minority;
ALTER TABLE localities DROP COLUMN disadvantaged;
-- SQLite drops a column that references another table only from 3.35 on, when no
-- index names it: the accounts keep the (unused) column.
DROP TABLE organisations;
