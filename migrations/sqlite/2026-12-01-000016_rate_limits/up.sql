-- Rate limits shared by every portal process on one PostgreSQL database (issue 14): a
-- flood spread over two replicas gets the configured rate in total, not twice it. Each
-- row is one limited key (a client address, or a digest of an e-mail or account name)
-- of one limit (bucket), with its theoretical arrival time (GCRA, as governor keeps it
-- in memory): `tat` in microseconds since the Unix epoch. A row whose tat has passed is
-- the same as no row, and is deleted every minute.
CREATE TABLE rate_limits (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    tat BIGINT NOT NULL,
    PRIMARY KEY (bucket, key)
);
CREATE INDEX rate_limits_by_tat ON rate_limits (tat);
