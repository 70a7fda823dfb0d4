-- The console's event stream pages the replica newest first, filtered by type, by a guild's
-- aggregates (their ids start with the guild id) or by time; each filter reads an index, never
-- the whole table. The replica is written behind the command path: these cost no command time.
CREATE INDEX domain_event_entry_type ON domain_event_entry (payload_type, global_index);
CREATE INDEX domain_event_entry_aggregate_prefix
    ON domain_event_entry (aggregate_identifier text_pattern_ops);
CREATE INDEX domain_event_entry_time ON domain_event_entry (time_stamp);
