-- Majlis schema 8: the electronic Hansard (al-madbata). A sitting's record:
-- sections (Akoma Ntoso debateSection) holding speeches; takes (time slices
-- assigned to reporters); speech-recognition segments as received; flags;
-- members' proposed corrections; immutable numbered editions; and where an
-- imported record came from. See doc/hansard.md.
--
-- Times: *_ms columns are milliseconds from the start of the sitting's
-- recording (media time); start_time/end_time stay wall-clock HH:MM[:SS].
-- A speech's text holds its paragraphs separated by one newline.

-- The record of a sitting and where it stands in the workflow:
--   drafting       takes are transcribed, edited, reviewed and merged
--   member_review  members see their speeches and propose corrections
--   certified      the editor-in-chief certified the text
--   provisional    an edition was published; corrections may still come
--   final          the final edition was published; nothing changes
CREATE TABLE record(
  sitting_id       INTEGER PRIMARY KEY REFERENCES sitting(id) ON DELETE CASCADE,
  status           TEXT NOT NULL DEFAULT 'drafting'
                   CHECK(status IN ('drafting','member_review','certified','provisional','final')),
  take_seconds     INTEGER NOT NULL DEFAULT 600 CHECK(take_seconds BETWEEN 60 AND 7200),
  media_url        TEXT,
  media_started_at TEXT,                    -- wall-clock time of media time 0 (ISO 8601)
  review_until     TEXT,                    -- end of the member-review window (ISO 8601)
  certified_by     TEXT,
  certified_at     TEXT,
  updated_at       TEXT NOT NULL
);

-- Sections in document order; parent_id nests them (AKN debateSection
-- inside debateSection). name: the AKN name of the section (prayers,
-- questions, debate, papers, ...), free text.
CREATE TABLE record_section(
  id             INTEGER PRIMARY KEY,
  sitting_id     INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  parent_id      INTEGER REFERENCES record_section(id) ON DELETE CASCADE,
  agenda_item_id INTEGER REFERENCES agenda_item(id) ON DELETE SET NULL,
  position       INTEGER NOT NULL,
  name           TEXT NOT NULL DEFAULT 'debateSection' CHECK(length(name) BETWEEN 1 AND 64),
  heading        TEXT,
  ident          TEXT,                      -- eId or xml:id in the source
  UNIQUE(sitting_id, position)
);
CREATE INDEX record_section_parent ON record_section(parent_id);

-- Takes: time slices of the recording, each with a reporter.
CREATE TABLE take(
  id          INTEGER PRIMARY KEY,
  sitting_id  INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  number      INTEGER NOT NULL CHECK(number > 0),
  start_ms    INTEGER NOT NULL CHECK(start_ms >= 0),
  end_ms      INTEGER NOT NULL,
  reporter_id INTEGER REFERENCES user(id),
  status      TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','edited','reviewed')),
  updated_at  TEXT NOT NULL,
  updated_by  TEXT,
  CHECK(end_ms > start_ms),
  UNIQUE(sitting_id, number)
);

-- Speeches gain the record's columns. SQLite cannot change a CHECK in
-- place, and speech.lang must now take any language a source record is in
-- (ParlaMint-TR is Turkish), so the table is rebuilt with its index and
-- triggers; the full-text index is rebuilt from it.
CREATE TABLE speech_new(
  id             INTEGER PRIMARY KEY,
  sitting_id     INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  agenda_item_id INTEGER REFERENCES agenda_item(id),
  section_id     INTEGER REFERENCES record_section(id) ON DELETE SET NULL,
  take_id        INTEGER REFERENCES take(id) ON DELETE SET NULL,
  position       INTEGER NOT NULL,
  person_id      INTEGER REFERENCES person(id),
  role           TEXT,
  kind           TEXT NOT NULL DEFAULT 'speech'
                 CHECK(kind IN ('speech','question','answer','narrative','scene','summary','other')),
  lang           TEXT NOT NULL CHECK(lang GLOB '[a-z][a-z]' OR lang GLOB '[a-z][a-z][a-z]'),
  label          TEXT,                      -- the speaker as printed
  start_time     TEXT,
  end_time       TEXT,
  media_start_ms INTEGER,
  media_end_ms   INTEGER,
  text           TEXT NOT NULL,
  -- provenance: who or what produced the text
  source         TEXT NOT NULL DEFAULT 'typed' CHECK(source IN ('typed','asr','import','generated')),
  engine         TEXT,                      -- speech-recognition engine, when source = 'asr'
  engine_version TEXT,
  confidence     REAL CHECK(confidence IS NULL OR confidence BETWEEN 0 AND 1),
  draft_text     TEXT,                      -- the machine draft as received, kept beside the edit
  attribution    TEXT NOT NULL DEFAULT 'confirmed' CHECK(attribution IN ('proposed','confirmed')),
  version        INTEGER NOT NULL DEFAULT 1, -- bumped on every edit: conflict detection
  edited_by      TEXT,
  edited_at      TEXT,
  ident          TEXT,                      -- eId / xml:id / ParlParse id in the source
  UNIQUE(sitting_id, position)
);
INSERT INTO speech_new(id, sitting_id, agenda_item_id, position, person_id, role, kind, lang, label,
                       start_time, end_time, text, source)
  SELECT id, sitting_id, agenda_item_id, position, person_id, role, kind, lang, label,
         start_time, end_time, text, 'generated' FROM speech;
DROP TABLE speech;
ALTER TABLE speech_new RENAME TO speech;
CREATE INDEX speech_person ON speech(person_id);
CREATE INDEX speech_section ON speech(section_id);
CREATE UNIQUE INDEX speech_ident ON speech(sitting_id, ident) WHERE ident IS NOT NULL;
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
INSERT INTO speech_fts(speech_fts) VALUES('rebuild');

-- Speech-recognition segments as the engine gave them.
CREATE TABLE asr_segment(
  id             INTEGER PRIMARY KEY,
  sitting_id     INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  take_id        INTEGER REFERENCES take(id) ON DELETE SET NULL,
  speech_id      INTEGER REFERENCES speech(id) ON DELETE SET NULL,
  start_ms       INTEGER NOT NULL CHECK(start_ms >= 0),
  end_ms         INTEGER NOT NULL,
  text           TEXT NOT NULL,
  confidence     REAL CHECK(confidence IS NULL OR confidence BETWEEN 0 AND 1),
  engine         TEXT NOT NULL,
  engine_version TEXT,
  speaker_hint   TEXT,                      -- a diarisation label, when the engine gives one
  imported_at    TEXT NOT NULL,
  CHECK(end_ms >= start_ms),
  UNIQUE(sitting_id, start_ms, end_ms, text)
);
CREATE INDEX asr_segment_take ON asr_segment(take_id);

-- Flags the editor resolves: low confidence, overlapping speech, a doubtful
-- speaker, a note.
CREATE TABLE record_flag(
  id          INTEGER PRIMARY KEY,
  sitting_id  INTEGER NOT NULL REFERENCES sitting(id) ON DELETE CASCADE,
  speech_id   INTEGER REFERENCES speech(id) ON DELETE CASCADE,
  segment_id  INTEGER REFERENCES asr_segment(id) ON DELETE SET NULL,
  kind        TEXT NOT NULL CHECK(kind IN ('low_confidence','overlap','attribution','note')),
  start_ms    INTEGER,
  end_ms      INTEGER,
  detail      TEXT,
  status      TEXT NOT NULL DEFAULT 'open' CHECK(status IN ('open','resolved')),
  resolution  TEXT,
  created_at  TEXT NOT NULL,
  resolved_by TEXT,
  resolved_at TEXT
);
CREATE INDEX record_flag_sitting ON record_flag(sitting_id, status);

-- A member's proposed correction of their own speech; an editor accepts or
-- rejects it.
CREATE TABLE speech_correction(
  id            INTEGER PRIMARY KEY,
  speech_id     INTEGER NOT NULL REFERENCES speech(id) ON DELETE CASCADE,
  person_id     INTEGER NOT NULL REFERENCES person(id),
  base_version  INTEGER NOT NULL,           -- the speech version it was proposed against
  proposed_text TEXT NOT NULL CHECK(length(proposed_text) > 0),
  reason        TEXT,
  status        TEXT NOT NULL DEFAULT 'pending' CHECK(status IN ('pending','accepted','rejected')),
  proposed_by   TEXT NOT NULL,
  proposed_at   TEXT NOT NULL,
  decided_by    TEXT,
  decided_at    TEXT,
  decision_note TEXT
);
CREATE INDEX speech_correction_speech ON speech_correction(speech_id, status);

-- Published editions: numbered per sitting, a frozen JSON snapshot of the
-- record (sections, speeches, speakers) and its SHA-256. Never changed.
CREATE TABLE edition(
  id           INTEGER PRIMARY KEY,
  sitting_id   INTEGER NOT NULL REFERENCES sitting(id),
  number       INTEGER NOT NULL CHECK(number > 0),
  kind         TEXT NOT NULL CHECK(kind IN ('provisional','final')),
  published_at TEXT NOT NULL,
  published_by TEXT NOT NULL,
  note         TEXT,
  content      TEXT NOT NULL CHECK(json_valid(content)),
  sha256       TEXT NOT NULL,
  UNIQUE(sitting_id, number)
);
CREATE TRIGGER edition_no_update BEFORE UPDATE ON edition BEGIN
  SELECT RAISE(ABORT, 'a published edition cannot change');
END;
CREATE TRIGGER edition_no_delete BEFORE DELETE ON edition BEGIN
  SELECT RAISE(ABORT, 'a published edition cannot be deleted');
END;

-- Where an imported record came from: re-importing the same source updates
-- nothing and duplicates nothing. scheme: akn, parlamint, parlparse,
-- segments; ident: the FRBR URI, TEI id, ParlParse file id or file hash.
CREATE TABLE record_source(
  scheme      TEXT NOT NULL CHECK(length(scheme) BETWEEN 1 AND 32),
  ident       TEXT NOT NULL CHECK(length(ident) BETWEEN 1 AND 500),
  sitting_id  INTEGER REFERENCES sitting(id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL,
  imported_at TEXT NOT NULL,
  PRIMARY KEY(scheme, ident)
) WITHOUT ROWID;

-- Divisions imported from other records keep their source id.
ALTER TABLE vote_event ADD COLUMN ident TEXT;
CREATE UNIQUE INDEX vote_event_ident ON vote_event(ident) WHERE ident IS NOT NULL;
