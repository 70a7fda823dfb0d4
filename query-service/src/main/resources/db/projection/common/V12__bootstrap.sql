-- A node building this projection from the log with the bulk path (a fresh or wiped projection) says
-- how far it is, for `suggestionsctl status`: one row while it runs. The rebuilt copy that replaces
-- this schema starts with none.
CREATE TABLE bootstrap (
    node        TEXT        NOT NULL PRIMARY KEY,
    events_read BIGINT      NOT NULL,
    events      BIGINT      NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
