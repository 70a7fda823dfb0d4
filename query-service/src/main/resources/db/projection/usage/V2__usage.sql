-- Usage: interactions per hour (UTC), counted per log partition; reads sum them.

CREATE TABLE hourly_interactions (
    hour          TIMESTAMPTZ NOT NULL,
    log_partition INT         NOT NULL,
    interactions  BIGINT      NOT NULL,
    PRIMARY KEY (hour, log_partition)
);
