-- Dead letters that can not fail on their content: every text column unlimited (the writer cleans
-- and cuts the text), the record's own bytes, and its place in the log. A record that is not an
-- envelope has no event id, so a dead letter is keyed by its place in the log (dead_key); rows
-- from before keep their event id as key.
ALTER TABLE dead_letter DROP CONSTRAINT dead_letter_pkey;
ALTER TABLE dead_letter
    ALTER COLUMN event_id TYPE TEXT,
    ALTER COLUMN event_id DROP NOT NULL,
    ALTER COLUMN event_type TYPE TEXT,
    ALTER COLUMN event_type DROP NOT NULL,
    ALTER COLUMN aggregate_id TYPE TEXT,
    ADD COLUMN topic TEXT,
    ADD COLUMN raw BYTEA,
    ADD COLUMN dead_key TEXT;
UPDATE dead_letter SET dead_key = event_id;
ALTER TABLE dead_letter ALTER COLUMN dead_key SET NOT NULL;
ALTER TABLE dead_letter ADD PRIMARY KEY (dead_key);
