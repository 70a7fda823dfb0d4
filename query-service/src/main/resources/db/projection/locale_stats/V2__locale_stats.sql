-- Locale statistics: per day (UTC), guild, actor locale, command and outcome, how many interactions.
-- Counted per log partition, so processor segments never contend on one row; reads sum them.
-- guild_id is '' for commands outside a guild (personal settings in DMs).

CREATE TABLE locale_stat (
    day           DATE        NOT NULL,
    guild_id      VARCHAR(20) NOT NULL,
    locale        VARCHAR(16) NOT NULL,
    command       VARCHAR(64) NOT NULL,
    outcome       VARCHAR(16) NOT NULL,
    log_partition INT         NOT NULL,
    interactions  BIGINT      NOT NULL,
    PRIMARY KEY (day, guild_id, locale, command, outcome, log_partition)
);
