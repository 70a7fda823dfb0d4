-- A guild's statistics over a range of days (the API and the console's statistics page): the key
-- leads with the day, so without this index the query read every guild's rows of those days.
CREATE INDEX locale_stat_guild_day ON locale_stat (guild_id, day);
