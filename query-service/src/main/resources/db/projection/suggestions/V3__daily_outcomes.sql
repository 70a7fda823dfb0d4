-- Suggestions per guild and day (UTC) by outcome: submitted, approved, rejected, cleared. Counted
-- only when the suggestion's row applies the event, so a redelivery never counts twice.

CREATE TABLE daily_outcome (
    day         DATE        NOT NULL,
    guild_id    VARCHAR(20) NOT NULL,
    outcome     VARCHAR(10) NOT NULL,
    suggestions BIGINT      NOT NULL,
    PRIMARY KEY (day, guild_id, outcome)
);
