-- The log this replica mirrors: Kafka's id of every topic it was built from. A replica built from
-- another cluster, or from a topic deleted and created again, must never decide a command: its
-- sequences and handled command ids are not the log's.
CREATE TABLE replica_source (
    topic    VARCHAR(255) NOT NULL PRIMARY KEY,
    topic_id VARCHAR(64)  NOT NULL
);
