-- Records of the event and interaction topics the replica could not store: not an envelope, an id
-- too long or holding a NUL character, a row clashing with another. The catch-up records them
-- here and moves on; nothing in this table can refuse a record (raw bytes, cleaned and cut text).
CREATE TABLE dead_letter (
    topic         TEXT        NOT NULL,
    log_partition INT         NOT NULL,
    log_offset    BIGINT      NOT NULL,
    event_id      TEXT,
    event_type    TEXT,
    aggregate_id  TEXT,
    error         TEXT        NOT NULL,
    raw           BYTEA       NOT NULL,
    dead_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, log_partition, log_offset)
);
