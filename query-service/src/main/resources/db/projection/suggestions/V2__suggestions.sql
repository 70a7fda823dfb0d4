-- The suggestions projection: one row per suggestion with its vote counts, and its vote set.

CREATE TABLE suggestion (
    guild_id         VARCHAR(20)  NOT NULL,
    suggestion_id    VARCHAR(8)   NOT NULL,
    author_id        VARCHAR(20)  NOT NULL,
    text             TEXT         NOT NULL,
    image_url        TEXT,
    image_file_name  TEXT,
    image_size_bytes BIGINT,
    anonymous        BOOLEAN      NOT NULL,
    state            VARCHAR(10)  NOT NULL,
    up_votes         INT          NOT NULL CHECK (up_votes >= 0),
    down_votes       INT          NOT NULL CHECK (down_votes >= 0),
    note             TEXT,
    note_by          VARCHAR(20),
    resolved_by      VARCHAR(20),
    response         TEXT,
    resolved_at      TIMESTAMPTZ,
    channel_id       VARCHAR(20),
    message_id       VARCHAR(20),
    thread_id        VARCHAR(20),
    thread_archived  BOOLEAN      NOT NULL,
    submitted_at     TIMESTAMPTZ  NOT NULL,
    -- The aggregate sequence of the last event applied: an event at or below it was applied already.
    last_sequence    BIGINT       NOT NULL,
    PRIMARY KEY (guild_id, suggestion_id)
);

CREATE INDEX suggestion_by_state ON suggestion (guild_id, state, submitted_at DESC, suggestion_id);
CREATE INDEX suggestion_by_message ON suggestion (message_id) WHERE message_id IS NOT NULL;

CREATE TABLE vote (
    guild_id      VARCHAR(20) NOT NULL,
    suggestion_id VARCHAR(8)  NOT NULL,
    voter_id      VARCHAR(20) NOT NULL,
    direction     VARCHAR(4)  NOT NULL,
    PRIMARY KEY (guild_id, suggestion_id, voter_id)
);
