-- The user configs projection: each member's global settings.

CREATE TABLE user_config (
    user_id         VARCHAR(20) NOT NULL PRIMARY KEY,
    direct_messages BOOLEAN     NOT NULL,
    thread_pings    BOOLEAN     NOT NULL,
    last_sequence   BIGINT      NOT NULL
);
