-- Every projection's own processing state, in the projection's schema, so it can be rebuilt alone.

-- Axon's JdbcTokenStore: the processor's position in the log, written in the same transaction as
-- the projection's rows (exactly-once).
CREATE TABLE token_entry (
    processor_name VARCHAR(255) NOT NULL,
    segment        INTEGER      NOT NULL,
    token          BYTEA,
    token_type     VARCHAR(255),
    timestamp      VARCHAR(255),
    owner          VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);

-- Events the projection could not apply: an unknown type, a payload that does not read, a handler
-- that failed. The projection continues past them; operators see them in `status`.
CREATE TABLE dead_letter (
    event_id      VARCHAR(255) NOT NULL PRIMARY KEY,
    event_type    VARCHAR(255) NOT NULL,
    aggregate_id  VARCHAR(255),
    sequence      BIGINT,
    log_partition INT,
    log_offset    BIGINT,
    error         TEXT         NOT NULL,
    payload       TEXT,
    dead_at       TIMESTAMPTZ  NOT NULL DEFAULT now()
);
