-- Which command ids were handled and what they were answered, so a retried command gets the
-- same reply and changes nothing. Rebuilt from suggestions.interactions.v1 like the events.
CREATE TABLE handled_command (
    command_id    VARCHAR(255) NOT NULL PRIMARY KEY,
    log_partition INT          NOT NULL,
    reply         BYTEA        NOT NULL
);

-- The next offset of the interactions topic's partition not applied yet.
CREATE TABLE interaction_checkpoint (
    log_partition INT    NOT NULL PRIMARY KEY,
    next_offset   BIGINT NOT NULL CHECK (next_offset >= 0)
);
