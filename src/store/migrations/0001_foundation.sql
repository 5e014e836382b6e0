-- Majlis schema 1: the foundation. People and bodies (Popolo-shaped), the
-- parliamentary calendar, sittings with agendas, attendance, speeches and
-- votes, the live-event log, users, and the tamper-evident audit trail.
-- Integrity rules that matter are constraints here, not only code.

CREATE TABLE meta(
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE person(
  id         INTEGER PRIMARY KEY,
  ident      TEXT UNIQUE,                 -- stable external identifier
  name_ar    TEXT NOT NULL CHECK(length(name_ar) BETWEEN 1 AND 200),
  name_en    TEXT,
  name_az    TEXT,
  gender     TEXT CHECK(gender IN ('male','female','other')),
  birth_date TEXT,
  image      TEXT,
  email      TEXT
);

CREATE TABLE organization(
  id             INTEGER PRIMARY KEY,
  ident          TEXT UNIQUE,
  classification TEXT NOT NULL CHECK(classification IN
                   ('legislature','chamber','committee','party','bloc','ministry',
                    'parliament','international','other')),
  name_ar        TEXT NOT NULL CHECK(length(name_ar) BETWEEN 1 AND 300),
  name_en        TEXT,
  name_az        TEXT,
  parent_id      INTEGER REFERENCES organization(id),
  seats          INTEGER CHECK(seats IS NULL OR seats > 0),
  quorum_rule    TEXT NOT NULL DEFAULT 'majority' CHECK(quorum_rule IN ('majority','two_thirds','third'))
);

CREATE TABLE membership(
  id              INTEGER PRIMARY KEY,
  person_id       INTEGER NOT NULL REFERENCES person(id),
  organization_id INTEGER NOT NULL REFERENCES organization(id),
  role            TEXT NOT NULL DEFAULT 'member'
                  CHECK(role IN ('member','chair','deputy_chair','rapporteur','speaker','deputy_speaker')),
  on_behalf_of_id INTEGER REFERENCES organization(id), -- the party for a seat
  start_date      TEXT NOT NULL,
  end_date        TEXT,
  CHECK(end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX membership_org ON membership(organization_id, person_id);
CREATE INDEX membership_person ON membership(person_id);

CREATE TABLE term(
  id         INTEGER PRIMARY KEY,
  body_id    INTEGER NOT NULL REFERENCES organization(id),
  number     INTEGER NOT NULL CHECK(number > 0),
  start_date TEXT NOT NULL,
  end_date   TEXT,
  UNIQUE(body_id, number)
);

CREATE TABLE session(
  id         INTEGER PRIMARY KEY,
  term_id    INTEGER NOT NULL REFERENCES term(id),
  number     INTEGER NOT NULL CHECK(number > 0),
  kind       TEXT NOT NULL CHECK(kind IN ('ordinary','extraordinary')),
  start_date TEXT NOT NULL,
  end_date   TEXT,
  UNIQUE(term_id, kind, number)
);

CREATE TABLE sitting(
  id         INTEGER PRIMARY KEY,
  body_id    INTEGER NOT NULL REFERENCES organization(id),
  session_id INTEGER REFERENCES session(id),
  number     INTEGER NOT NULL CHECK(number > 0),
  date       TEXT NOT NULL CHECK(date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  start_time TEXT,
  place      TEXT,
  status     TEXT NOT NULL DEFAULT 'scheduled' CHECK(status IN ('scheduled','open','suspended','closed')),
  UNIQUE(body_id, session_id, number)
);
CREATE INDEX sitting_date ON sitting(date);

CREATE TABLE agenda_item(
  id         INTEGER PRIMARY KEY,
  sitting_id INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  parent_id  INTEGER REFERENCES agenda_item(id),
  position   INTEGER NOT NULL,
  kind       TEXT NOT NULL CHECK(kind IN ('report','bill','question','motion','other')),
  title      TEXT NOT NULL,
  UNIQUE(sitting_id, position)
);

CREATE TABLE attendance(
  sitting_id  INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  person_id   INTEGER NOT NULL REFERENCES person(id),
  status      TEXT NOT NULL CHECK(status IN ('present','absent','excused')),
  checked_in  TEXT,
  checked_out TEXT,
  PRIMARY KEY(sitting_id, person_id)
) WITHOUT ROWID;

CREATE TABLE speech(
  id             INTEGER PRIMARY KEY,
  sitting_id     INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  agenda_item_id INTEGER REFERENCES agenda_item(id),
  position       INTEGER NOT NULL,
  person_id      INTEGER REFERENCES person(id),
  role           TEXT,
  kind           TEXT NOT NULL DEFAULT 'speech'
                 CHECK(kind IN ('speech','question','answer','narrative','scene','summary','other')),
  lang           TEXT NOT NULL CHECK(lang IN ('ar','en','az')),
  label          TEXT,
  start_time     TEXT,
  end_time       TEXT,
  text           TEXT NOT NULL,
  UNIQUE(sitting_id, position)
);
CREATE INDEX speech_person ON speech(person_id);

-- The full-text index over speeches is external-content: it holds no copy of
-- the text, and triggers keep it in step with every insert, update, delete.
CREATE VIRTUAL TABLE speech_fts USING fts5(
  text, content='speech', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER speech_ai AFTER INSERT ON speech BEGIN
  INSERT INTO speech_fts(rowid, text) VALUES(new.id, new.text);
END;
CREATE TRIGGER speech_ad AFTER DELETE ON speech BEGIN
  INSERT INTO speech_fts(speech_fts, rowid, text) VALUES('delete', old.id, old.text);
END;
CREATE TRIGGER speech_au AFTER UPDATE OF text ON speech BEGIN
  INSERT INTO speech_fts(speech_fts, rowid, text) VALUES('delete', old.id, old.text);
  INSERT INTO speech_fts(rowid, text) VALUES(new.id, new.text);
END;

CREATE TABLE vote_event(
  id             INTEGER PRIMARY KEY,
  sitting_id     INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  agenda_item_id INTEGER REFERENCES agenda_item(id),
  title          TEXT NOT NULL,
  method         TEXT NOT NULL DEFAULT 'roll_call' CHECK(method IN ('roll_call','secret','show_of_hands')),
  rule           TEXT NOT NULL DEFAULT 'simple' CHECK(rule IN ('simple','absolute','two_thirds','custom')),
  status         TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','closed')),
  result         TEXT CHECK(result IN ('pass','fail')),
  opened_at      TEXT NOT NULL,
  closed_at      TEXT,
  CHECK((status = 'closed') = (result IS NOT NULL))
);

-- One ballot per member per vote event: the primary key enforces it. In a
-- secret vote the option is NULL (only who voted is kept; the tally is in
-- vote_tally).
CREATE TABLE ballot(
  vote_event_id INTEGER NOT NULL REFERENCES vote_event(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES person(id),
  option        TEXT CHECK(option IN ('yes','no','abstain')),
  cast_at       TEXT NOT NULL,
  PRIMARY KEY(vote_event_id, person_id)
) WITHOUT ROWID;

-- The live-event log: every change a screen must show, in order.
CREATE TABLE event(
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  at         INTEGER NOT NULL,             -- epoch milliseconds
  sitting_id INTEGER REFERENCES sitting(id),
  type       TEXT NOT NULL CHECK(length(type) BETWEEN 1 AND 64),
  payload    TEXT NOT NULL CHECK(json_valid(payload))
);
CREATE INDEX event_sitting ON event(sitting_id, id);

CREATE TABLE user(
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE CHECK(length(name) BETWEEN 1 AND 64),
  display_ar    TEXT,
  display_latin TEXT,
  person_id     INTEGER REFERENCES person(id),
  pw_hash       TEXT,
  disabled      INTEGER NOT NULL DEFAULT 0 CHECK(disabled IN (0,1)),
  created_at    TEXT NOT NULL
);

CREATE TABLE user_role(
  user_id INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  role    TEXT NOT NULL,
  PRIMARY KEY(user_id, role)
) WITHOUT ROWID;

-- The audit trail: each row's hash covers the previous row's hash and its own
-- canonical encoding, so any edit, deletion or reordering breaks the chain.
-- The application can only append.
CREATE TABLE audit(
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  user_id   INTEGER,
  user_name TEXT NOT NULL,
  address   TEXT NOT NULL,
  action    TEXT NOT NULL,
  object    TEXT NOT NULL,
  summary   TEXT NOT NULL,
  hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
  SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
