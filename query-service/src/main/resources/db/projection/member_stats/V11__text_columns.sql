-- Ids, locales and names as unlimited text: a length limit here only turned a long value on the
-- log into a projection that stops. Ids a reader can not store (over 200 characters, NUL
-- characters, lone surrogates) are dead-lettered before they reach these tables.
ALTER TABLE member_stat
    ALTER COLUMN guild_id TYPE TEXT,
    ALTER COLUMN member_id TYPE TEXT,
    ALTER COLUMN command TYPE TEXT;
