-- Majlis schema 3: eMeeting. Body rules, the sitting's live state, agenda
-- documents with versions, speakers' lists with timing, vote rules, proxies,
-- weighted and secret ballots, and versioned minutes.

-- Rules of a body (chamber or committee).
ALTER TABLE organization ADD COLUMN allow_ballot_change INTEGER NOT NULL DEFAULT 1 CHECK(allow_ballot_change IN (0,1));
ALTER TABLE organization ADD COLUMN allow_proxy INTEGER NOT NULL DEFAULT 0 CHECK(allow_proxy IN (0,1));
ALTER TABLE organization ADD COLUMN weighted_votes INTEGER NOT NULL DEFAULT 0 CHECK(weighted_votes IN (0,1));
ALTER TABLE organization ADD COLUMN speech_seconds INTEGER NOT NULL DEFAULT 300 CHECK(speech_seconds > 0);
ALTER TABLE organization ADD COLUMN group_seconds INTEGER NOT NULL DEFAULT 1800 CHECK(group_seconds > 0);
ALTER TABLE membership ADD COLUMN vote_weight INTEGER NOT NULL DEFAULT 1 CHECK(vote_weight > 0);

-- The sitting's live state.
ALTER TABLE sitting ADD COLUMN opened_at TEXT;
ALTER TABLE sitting ADD COLUMN closed_at TEXT;
ALTER TABLE sitting ADD COLUMN current_item_id INTEGER REFERENCES agenda_item(id);
ALTER TABLE agenda_item ADD COLUMN status TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','open','done'));
ALTER TABLE attendance ADD COLUMN recorded_by TEXT;

CREATE TABLE document(
  id             INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
  title          TEXT NOT NULL CHECK(length(title) BETWEEN 1 AND 300),
  UNIQUE(agenda_item_id, title)
);
CREATE TABLE document_version(
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
  version     INTEGER NOT NULL CHECK(version > 0),
  mime        TEXT NOT NULL,
  pages       INTEGER NOT NULL CHECK(pages >= 0),
  bytes       INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  content     BLOB NOT NULL,
  created_at  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  UNIQUE(document_id, version)
);

-- Speakers' lists: one row per request to speak on an agenda item.
CREATE TABLE speaker_request(
  id             INTEGER PRIMARY KEY,
  agenda_item_id INTEGER NOT NULL REFERENCES agenda_item(id) ON DELETE CASCADE,
  person_id      INTEGER NOT NULL REFERENCES person(id),
  group_id       INTEGER REFERENCES organization(id),  -- party or bloc when asked
  kind           TEXT NOT NULL DEFAULT 'speech' CHECK(kind IN ('speech','point_of_order','reply')),
  position       REAL NOT NULL,                         -- queue order, set by the chair
  status         TEXT NOT NULL DEFAULT 'waiting' CHECK(status IN ('waiting','speaking','done','withdrawn')),
  requested_at   TEXT NOT NULL,
  started_ms     INTEGER,
  ended_ms       INTEGER,
  seconds_limit  INTEGER NOT NULL,
  seconds_used   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX speaker_request_item ON speaker_request(agenda_item_id, status, position);
-- At most one waiting or speaking request per member per item.
CREATE UNIQUE INDEX speaker_request_one ON speaker_request(agenda_item_id, person_id)
  WHERE status IN ('waiting','speaking');
-- At most one speaker at a time per item.
CREATE UNIQUE INDEX speaker_request_speaking ON speaker_request(agenda_item_id) WHERE status = 'speaking';

-- Vote rules and the figures frozen at close.
ALTER TABLE vote_event ADD COLUMN custom_num INTEGER;      -- custom rule: yes must reach num/den
ALTER TABLE vote_event ADD COLUMN custom_den INTEGER;      -- of the base
ALTER TABLE vote_event ADD COLUMN custom_base TEXT CHECK(custom_base IN ('cast','present','members'));
ALTER TABLE vote_event ADD COLUMN allow_change INTEGER NOT NULL DEFAULT 1 CHECK(allow_change IN (0,1));
ALTER TABLE vote_event ADD COLUMN yes_count INTEGER;
ALTER TABLE vote_event ADD COLUMN no_count INTEGER;
ALTER TABLE vote_event ADD COLUMN abstain_count INTEGER;
ALTER TABLE vote_event ADD COLUMN members_count INTEGER;
ALTER TABLE vote_event ADD COLUMN present_count INTEGER;
ALTER TABLE vote_event ADD COLUMN quorum_met INTEGER;
ALTER TABLE ballot ADD COLUMN weight INTEGER NOT NULL DEFAULT 1 CHECK(weight > 0);
ALTER TABLE ballot ADD COLUMN cast_by INTEGER REFERENCES person(id);  -- a proxy holder, or NULL

-- The tally of a secret vote (the only place its options are kept).
CREATE TABLE vote_tally(
  vote_event_id INTEGER NOT NULL REFERENCES vote_event(id) ON DELETE CASCADE,
  option        TEXT NOT NULL CHECK(option IN ('yes','no','abstain')),
  count         INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(vote_event_id, option)
) WITHOUT ROWID;

-- A member's recorded proxy for one sitting.
CREATE TABLE proxy(
  id         INTEGER PRIMARY KEY,
  sitting_id INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  grantor_id INTEGER NOT NULL REFERENCES person(id),
  holder_id  INTEGER NOT NULL REFERENCES person(id),
  created_at TEXT NOT NULL,
  UNIQUE(sitting_id, grantor_id),
  CHECK(grantor_id <> holder_id)
);

-- Minutes: versions per sitting and language; an approved version is locked.
CREATE TABLE minutes(
  id          INTEGER PRIMARY KEY,
  sitting_id  INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  lang        TEXT NOT NULL CHECK(lang IN ('ar','en')),
  version     INTEGER NOT NULL CHECK(version > 0),
  status      TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','approved')),
  text        TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  approved_at TEXT,
  approved_by TEXT,
  UNIQUE(sitting_id, lang, version)
);
CREATE TRIGGER minutes_locked BEFORE UPDATE ON minutes WHEN old.status = 'approved' BEGIN
  SELECT RAISE(ABORT, 'approved minutes are locked; amend them as a new version');
END;
