-- Whose site this is: the operating authority, shown in every page's footer and named
-- as the data controller in the privacy notice (Law 91/2025/QH15). One row, set by an
-- administrator; `revision` moves on with every change, so that cached pages are renewed.
CREATE TABLE site_operator (
    id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    website TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL
);
