-- Ids, locales and names as unlimited text: a length limit here only turned a long value on the
-- log into a projection that stops. Ids a reader can not store (over 200 characters, NUL
-- characters, lone surrogates) are dead-lettered before they reach these tables.
ALTER TABLE suggestion
    ALTER COLUMN guild_id TYPE TEXT,
    ALTER COLUMN suggestion_id TYPE TEXT,
    ALTER COLUMN author_id TYPE TEXT,
    ALTER COLUMN state TYPE TEXT,
    ALTER COLUMN note_by TYPE TEXT,
    ALTER COLUMN resolved_by TYPE TEXT,
    ALTER COLUMN channel_id TYPE TEXT,
    ALTER COLUMN message_id TYPE TEXT,
    ALTER COLUMN thread_id TYPE TEXT;
ALTER TABLE vote
    ALTER COLUMN guild_id TYPE TEXT,
    ALTER COLUMN suggestion_id TYPE TEXT,
    ALTER COLUMN voter_id TYPE TEXT,
    ALTER COLUMN direction TYPE TEXT;
ALTER TABLE daily_outcome
    ALTER COLUMN guild_id TYPE TEXT,
    ALTER COLUMN outcome TYPE TEXT;
