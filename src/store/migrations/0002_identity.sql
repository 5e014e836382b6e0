-- Majlis schema 2: identity. Sessions and API tokens are stored only as
-- SHA-256 hashes of the random values handed out; TOTP secrets are stored
-- encrypted with the instance key (see doc/security.md); login throttling
-- state is kept per account name and per address.

ALTER TABLE user ADD COLUMN totp_secret TEXT;        -- encrypted, set once confirmed
ALTER TABLE user ADD COLUMN totp_pending TEXT;       -- encrypted, during enrolment
ALTER TABLE user ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0; -- replay guard
ALTER TABLE user ADD COLUMN pw_changed_at TEXT;

CREATE TABLE recovery_code(
  id      INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  hash    TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX recovery_code_user ON recovery_code(user_id);

CREATE TABLE auth_session(
  id         INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  csrf       TEXT NOT NULL,
  created_at INTEGER NOT NULL,  -- epoch seconds
  last_seen  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,  -- absolute expiry
  address    TEXT NOT NULL,
  user_agent TEXT,
  revoked    INTEGER NOT NULL DEFAULT 0 CHECK(revoked IN (0,1))
);
CREATE INDEX auth_session_user ON auth_session(user_id);

CREATE TABLE api_token(
  id         INTEGER PRIMARY KEY,
  user_id    INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name       TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,           -- NULL: never
  revoked_at INTEGER,
  last_used  INTEGER
);
CREATE INDEX api_token_user ON api_token(user_id);

CREATE TABLE login_throttle(
  key          TEXT PRIMARY KEY,   -- 'user:<name>' or 'addr:<address>'
  failures     INTEGER NOT NULL,
  last_failure INTEGER NOT NULL,   -- epoch seconds
  locked_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
