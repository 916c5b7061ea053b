-- Attached files kept in the database (issue 14): every portal process on one database
-- serves every file, whichever process received it. Each process keeps a copy on its
-- own disk (DATA_DIR/files, by SHA-256) and fetches a file from here the first time it
-- is asked for one it does not have. Stored once per content, like the files on disk.
-- On SQLite (one process) the disk alone is used and this table stays empty.
CREATE TABLE file_contents (
    sha256 TEXT PRIMARY KEY NOT NULL,
    content BYTEA NOT NULL,
    size_bytes BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
