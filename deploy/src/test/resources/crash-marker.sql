-- Written by the platform that CrashRecoveryIT kills, so the restart can find it.
CREATE TABLE IF NOT EXISTS crash_marker (written_at timestamptz NOT NULL DEFAULT now());
INSERT INTO crash_marker DEFAULT VALUES;
