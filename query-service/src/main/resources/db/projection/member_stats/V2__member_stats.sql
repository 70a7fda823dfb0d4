-- Member command statistics: per guild, member and command, how many succeeded and failed.
-- Counted per log partition, so processor segments never contend on one row; reads sum them.

CREATE TABLE member_stat (
    guild_id      VARCHAR(20) NOT NULL,
    member_id     VARCHAR(20) NOT NULL,
    command       VARCHAR(64) NOT NULL,
    log_partition INT         NOT NULL,
    succeeded     BIGINT      NOT NULL,
    failed        BIGINT      NOT NULL,
    PRIMARY KEY (guild_id, member_id, command, log_partition)
);
