-- A guild's suggestions per day and outcome over a range of days (the API and the console's
-- statistics page): the key leads with the day, so without this index the query read every
-- guild's rows of those days.
CREATE INDEX daily_outcome_guild_day ON daily_outcome (guild_id, day);
