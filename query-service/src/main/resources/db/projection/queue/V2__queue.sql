-- The queue projection: every queued item, waiting or resolved, with the mode it was queued in.

CREATE TABLE queued_item (
    guild_id      VARCHAR(20) NOT NULL,
    queue_id      VARCHAR(8)  NOT NULL,
    mode          VARCHAR(8)  NOT NULL,
    state         VARCHAR(8)  NOT NULL,
    queued_at     TIMESTAMPTZ NOT NULL,
    item          JSONB       NOT NULL,
    last_sequence BIGINT      NOT NULL,
    PRIMARY KEY (guild_id, queue_id)
);

CREATE INDEX queued_item_waiting ON queued_item (guild_id, state, mode, queued_at, queue_id);
