-- A queued mail's bodies (a few kilobytes of text and HTML) are compressed when stored.
-- PostgreSQL's default, pglz, cost about a tenth of the database's work under a flood of
-- submissions; lz4 compresses as well for this text at a fraction of the cost. Every
-- PostgreSQL from 14 in the official images and Debian's packages is built with it.
ALTER TABLE mail_outbox
    ALTER COLUMN text_body SET COMPRESSION lz4,
    ALTER COLUMN html_body SET COMPRESSION lz4;
