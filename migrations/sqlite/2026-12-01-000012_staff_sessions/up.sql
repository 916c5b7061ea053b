-- Staff sessions kept on the server, so that signing out ends a session everywhere (a
-- copied cookie is worth nothing after it), every replica shares them, and the idle and
-- absolute timeouts are the server's. The cookie holds a random token; only its hash
-- is stored. Each session has its own CSRF token, made at sign-in.
CREATE TABLE staff_sessions (
    id INTEGER PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    -- The account's session epoch at sign-in: a password change or a deactivation
    -- moves the account's on and ends every older session.
    epoch INTEGER NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_sessions_by_account ON staff_sessions (account_id);
CREATE INDEX staff_sessions_by_expiry ON staff_sessions (expires_at);

-- Browsers that have signed in to an account before (a random token in a long-lived
-- cookie, stored hashed). Sign-in attempts from them have a limit of their own, so that
-- someone who knows an account's name cannot lock its owner out.
CREATE TABLE staff_devices (
    id INTEGER PRIMARY KEY NOT NULL,
    token_hash TEXT NOT NULL,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL,
    UNIQUE (account_id, token_hash)
);
