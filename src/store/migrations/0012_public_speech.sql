-- Majlis schema 12: what the public sees of the record (doc/hansard.md,
-- "What the public sees"). ONE rule, here and nowhere else:
--
--   a speech is public when its sitting has no `record` row (a generated
--   or imported record that never entered the Hansard workflow: its stored
--   speeches are its record), or when it is in the latest published
--   edition of its sitting's record, and then as that edition printed it
--   (text, speaker, label, role, times, position).
--
-- So a draft (speech-recognition output, a reporter's or editor's work in
-- progress, a speech added after the last edition) is never public, and a
-- correction made after a provisional edition is not public until the
-- next edition. Every path that shows speeches to the public (search and
-- its facets, suggestions and "more like this", members' pages and feeds,
-- the records feed, e-mail alerts, saved-search feeds, the JSON API and the
-- Popolo export, the sitting page, open data) reads `public_speech`, never
-- `speech`. Staff screens (the editor, the member review, the certifier)
-- read `speech` through the hansard_* functions.
--
-- edition_speech holds the speeches of each sitting's latest edition as
-- published, copied out of the edition's JSON snapshot by the trigger
-- below when an edition is inserted (editions never change: migration 8's
-- triggers), so reading the public record costs no JSON parsing. It is
-- derived data: `majlis check` compares it with the editions.

CREATE TABLE edition_speech(
  id               INTEGER PRIMARY KEY,     -- the speech's id (speech.id)
  sitting_id       INTEGER NOT NULL REFERENCES sitting(id),
  edition_id       INTEGER NOT NULL REFERENCES edition(id),  -- the latest edition holding it
  first_edition_id INTEGER NOT NULL REFERENCES edition(id),  -- the edition that first published it
  version          INTEGER NOT NULL,        -- speech.version when published
  agenda_item_id   INTEGER,
  section_id       INTEGER,
  position         INTEGER NOT NULL,
  person_id        INTEGER,
  role             TEXT,
  kind             TEXT NOT NULL,
  lang             TEXT NOT NULL,
  label            TEXT,
  start_time       TEXT,
  end_time         TEXT,
  media_start_ms   INTEGER,
  media_end_ms     INTEGER,
  text             TEXT NOT NULL
);
CREATE INDEX edition_speech_sitting ON edition_speech(sitting_id, position);
CREATE INDEX edition_speech_person ON edition_speech(person_id);
CREATE INDEX edition_speech_first ON edition_speech(first_edition_id);

-- A new edition replaces its sitting's published speeches. first_edition_id
-- survives from the edition before, so alerts announce a speech once, when
-- it is first published. An edition numbered below the sitting's latest
-- (never written by Majlis) changes nothing.
CREATE TRIGGER edition_speech_publish AFTER INSERT ON edition
WHEN NOT EXISTS (SELECT 1 FROM edition e WHERE e.sitting_id = new.sitting_id AND e.number > new.number)
BEGIN
  INSERT OR REPLACE INTO edition_speech(id, sitting_id, edition_id, first_edition_id, version, agenda_item_id,
                                        section_id, position, person_id, role, kind, lang, label, start_time,
                                        end_time, media_start_ms, media_end_ms, text)
  SELECT json_extract(j.value, '$.id'), new.sitting_id, new.id,
         coalesce((SELECT o.first_edition_id FROM edition_speech o
                   WHERE o.id = json_extract(j.value, '$.id') AND o.sitting_id = new.sitting_id), new.id),
         coalesce(json_extract(j.value, '$.version'), 1), json_extract(j.value, '$.agenda_item_id'),
         json_extract(j.value, '$.section_id'), coalesce(json_extract(j.value, '$.position'), j.key + 1),
         json_extract(j.value, '$.person.id'), json_extract(j.value, '$.role'),
         coalesce(json_extract(j.value, '$.kind'), 'speech'), coalesce(json_extract(j.value, '$.lang'), 'ar'),
         json_extract(j.value, '$.label'), json_extract(j.value, '$.start_time'), json_extract(j.value, '$.end_time'),
         json_extract(j.value, '$.media_start_ms'), json_extract(j.value, '$.media_end_ms'),
         coalesce(json_extract(j.value, '$.text'), '')
  FROM json_each(new.content, '$.speeches') j
  WHERE json_extract(j.value, '$.id') IS NOT NULL;
  DELETE FROM edition_speech WHERE sitting_id = new.sitting_id AND edition_id <> new.id;
END;

-- The editions published before this migration: each sitting's latest.
INSERT OR REPLACE INTO edition_speech(id, sitting_id, edition_id, first_edition_id, version, agenda_item_id,
                                      section_id, position, person_id, role, kind, lang, label, start_time,
                                      end_time, media_start_ms, media_end_ms, text)
SELECT json_extract(j.value, '$.id'), e.sitting_id, e.id,
       (SELECT min(e2.id) FROM edition e2, json_each(e2.content, '$.speeches') j2
        WHERE e2.sitting_id = e.sitting_id AND json_extract(j2.value, '$.id') = json_extract(j.value, '$.id')),
       coalesce(json_extract(j.value, '$.version'), 1), json_extract(j.value, '$.agenda_item_id'),
       json_extract(j.value, '$.section_id'), coalesce(json_extract(j.value, '$.position'), j.key + 1),
       json_extract(j.value, '$.person.id'), json_extract(j.value, '$.role'),
       coalesce(json_extract(j.value, '$.kind'), 'speech'), coalesce(json_extract(j.value, '$.lang'), 'ar'),
       json_extract(j.value, '$.label'), json_extract(j.value, '$.start_time'), json_extract(j.value, '$.end_time'),
       json_extract(j.value, '$.media_start_ms'), json_extract(j.value, '$.media_end_ms'),
       coalesce(json_extract(j.value, '$.text'), '')
FROM edition e, json_each(e.content, '$.speeches') j
WHERE e.number = (SELECT max(number) FROM edition x WHERE x.sitting_id = e.sitting_id)
  AND json_extract(j.value, '$.id') IS NOT NULL;

-- THE RULE. A speech of a sitting with a published edition reads as the
-- latest edition printed it; one of a sitting without a record row reads
-- as stored; every other speech is not public. (Written as a join rather
-- than a UNION so that SQLite flattens it into the queries that use it:
-- `public_speech sp JOIN sitting ... WHERE sp.id IN (...)` looks up rows by
-- id like the table would. A speech of a published edition is never
-- deleted from `speech`: record imports refuse sittings with editions.)
CREATE VIEW public_speech AS
  SELECT sp.id AS id, sp.sitting_id AS sitting_id,
         CASE WHEN es.id IS NULL THEN sp.agenda_item_id ELSE es.agenda_item_id END AS agenda_item_id,
         CASE WHEN es.id IS NULL THEN sp.section_id ELSE es.section_id END AS section_id,
         CASE WHEN es.id IS NULL THEN sp.position ELSE es.position END AS position,
         CASE WHEN es.id IS NULL THEN sp.person_id ELSE es.person_id END AS person_id,
         CASE WHEN es.id IS NULL THEN sp.role ELSE es.role END AS role,
         CASE WHEN es.id IS NULL THEN sp.kind ELSE es.kind END AS kind,
         CASE WHEN es.id IS NULL THEN sp.lang ELSE es.lang END AS lang,
         CASE WHEN es.id IS NULL THEN sp.label ELSE es.label END AS label,
         CASE WHEN es.id IS NULL THEN sp.start_time ELSE es.start_time END AS start_time,
         CASE WHEN es.id IS NULL THEN sp.end_time ELSE es.end_time END AS end_time,
         CASE WHEN es.id IS NULL THEN sp.media_start_ms ELSE es.media_start_ms END AS media_start_ms,
         CASE WHEN es.id IS NULL THEN sp.media_end_ms ELSE es.media_end_ms END AS media_end_ms,
         CASE WHEN es.id IS NULL THEN sp.text ELSE es.text END AS text,
         es.edition_id AS edition_id, es.first_edition_id AS first_edition_id
  FROM speech sp LEFT JOIN edition_speech es ON es.id = sp.id AND es.sitting_id = sp.sitting_id
  WHERE es.id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM record r WHERE r.sitting_id = sp.sitting_id);

-- The same rule for a whole sitting: its record is in the workflow and no
-- edition is published yet, so nothing of it is public (the records feed,
-- the sitting page's "being prepared").
CREATE VIEW unpublished_record AS
  SELECT r.sitting_id FROM record r WHERE NOT EXISTS (SELECT 1 FROM edition e WHERE e.sitting_id = r.sitting_id);

-- For the search index, which holds every speech's live text (schema 10):
-- the speeches it must never return (unpublished_speech) and the published
-- ones whose live text or speaker has changed since their edition
-- (revised_speech: a search hit on one of them must be checked against the
-- published text). The first is the complement of public_speech. Both look only at
-- records that are not in 'provisional' or 'final': publishing sets the
-- record to the edition's kind and every change after it (an edit, an
-- accepted correction, an import, a review) moves the record out of
-- those two states first (doc/hansard.md, "Workflow"), so a record in
-- them reads exactly as its latest edition -- `majlis check` verifies it.
CREATE VIEW record_in_progress AS
  SELECT sitting_id FROM record WHERE status NOT IN ('provisional', 'final');
CREATE VIEW unpublished_speech AS
  SELECT sp.id, sp.sitting_id FROM record_in_progress r CROSS JOIN speech sp ON sp.sitting_id = r.sitting_id
  WHERE NOT EXISTS (SELECT 1 FROM public_speech p WHERE p.id = sp.id);
CREATE VIEW revised_speech AS
  SELECT sp.id, sp.sitting_id FROM record_in_progress r CROSS JOIN edition_speech es ON es.sitting_id = r.sitting_id
  CROSS JOIN speech sp ON sp.id = es.id
  WHERE sp.version <> es.version OR sp.person_id IS NOT es.person_id;

-- Alerts announce a published speech when its first edition appears:
-- the subscription's watermark of editions (existing ones start at the
-- latest, so nothing old is announced as new).
ALTER TABLE alert_subscription ADD COLUMN last_edition_id INTEGER NOT NULL DEFAULT 0;
UPDATE alert_subscription SET last_edition_id = (SELECT coalesce(max(id), 0) FROM edition);
