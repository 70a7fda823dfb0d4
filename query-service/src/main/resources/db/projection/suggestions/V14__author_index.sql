-- The suggestions whose message names a member, for the bot to edit when the member is forgotten
-- (GET /members/{id}/suggestions): by author; notes and resolutions by a member are few.
CREATE INDEX suggestion_by_author ON suggestion (author_id);
