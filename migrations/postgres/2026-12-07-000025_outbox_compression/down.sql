ALTER TABLE mail_outbox
    ALTER COLUMN text_body SET COMPRESSION pglz,
    ALTER COLUMN html_body SET COMPRESSION pglz;
