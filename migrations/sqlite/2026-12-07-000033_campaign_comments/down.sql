-- SQLite keeps the column (it references another table); the index goes.
DROP INDEX comments_by_campaign;
