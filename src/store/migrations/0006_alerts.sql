-- Majlis schema 6: e-mail alerts for the public (doc: src/domain/alerts.h).
-- A subscription keeps only what sending needs: the address, the language
-- of the mails and what is followed. The confirmation token is stored as
-- its SHA-256 (hex) and cleared once used; the unsubscribe token goes into
-- every mail (List-Unsubscribe), so it is kept as issued: it can do nothing
-- but end this one subscription. Unsubscribing erases the address.
-- Watermarks (last_speech_id, last_sitting_id) say what was already sent.

CREATE TABLE alert_subscription(
  id              INTEGER PRIMARY KEY,
  email           TEXT CHECK(email IS NULL OR length(email) BETWEEN 3 AND 254),
  lang            TEXT NOT NULL CHECK(lang IN ('ar','en','az')),
  kind            TEXT NOT NULL CHECK(kind IN ('keyword','member','committee')),
  target          TEXT NOT NULL CHECK(length(target) BETWEEN 1 AND 500),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','active','unsubscribed')),
  confirm_hash    TEXT UNIQUE,
  confirm_expires INTEGER,          -- epoch seconds
  unsub_token     TEXT NOT NULL UNIQUE,
  created_at      TEXT NOT NULL,
  confirmed_at    TEXT,
  last_digest_at  TEXT,
  last_speech_id  INTEGER NOT NULL DEFAULT 0,
  last_sitting_id INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX alert_subscription_email ON alert_subscription(email, status);
CREATE INDEX alert_subscription_status ON alert_subscription(status);

-- Subscription attempts per client address for the hourly limit: the
-- address is kept only as a SHA-256 and only for an hour.
CREATE TABLE alert_throttle(
  address_hash TEXT NOT NULL,
  at           INTEGER NOT NULL
);
CREATE INDEX alert_throttle_addr ON alert_throttle(address_hash, at);
