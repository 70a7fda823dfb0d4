-- The guild configs projection: each guild's settings as one JSON document (defaults are applied
-- when read), and its blocklist.

CREATE TABLE guild_config (
    guild_id      VARCHAR(20) NOT NULL PRIMARY KEY,
    config        JSONB       NOT NULL,
    -- The aggregate sequence of the last event applied: an event at or below it was applied already.
    last_sequence BIGINT      NOT NULL
);
