-- Majlis schema 18: a leaner layout of our search index (src/text/sindex.c;
-- doc/search.md, "What the index stores (schema 18)"): on the news corpus of
-- the benchmark, 64.3 MB before, 45.1 MB after (FTS5 unicode61: 47.0). Three
-- changes:
--   Field lengths once per speech, not in every posting: until now every
--     posting carried its speech's field lengths (a byte per field it
--     occurs in, log-quantised), repeated in the posting of every term of
--     the speech (about 6 MB). Postings now hold the speech id delta and
--     the frequencies only; search_norm(id, q) holds the same quantised
--     lengths once per speech, in chunks of 1024 consecutive speech ids
--     (row id = speech id >> 10; 3 bytes a speech: speaker, heading,
--     text), which a query reads once and keeps in memory across queries;
--     search_stat.stamp is a new random value with every change of the
--     lengths, so a copy kept in memory is known to be current or not.
--   No list of a speech's terms:
--   search_doc(id, len, sum): a speech's field lengths and a 64-bit
--     checksum of what its analysis indexes (terms, stems, frequencies and
--     positions per field), instead of the ids of its terms (schema 14:
--     8.2 MB of 9.2 on the news corpus of the benchmark). A deletion
--     analyses the speech's fields again, as FTS5's contentless tables do,
--     and removes those postings; when the checksum differs (an analyzer
--     change without a rebuild, a change no trigger saw) it fails, naming
--     the speech, and changes nothing.
--   So the fields must still be there when the deletion runs: BEFORE
--     triggers remove a speech from the index (the speech's, before its
--     indexed columns change or it is deleted; a person's, before the names
--     change or the person is deleted; a section's, before its heading
--     changes or it is deleted; an agenda item's, before its title changes
--     or it is deleted) and the AFTER triggers index the new state. A
--     section's deletion then sets its speeches' section_id to NULL (ON
--     DELETE SET NULL), which fires the speech's triggers on speeches no
--     longer indexed: the AFTER trigger indexes them without the heading.
--     A sitting's deletion cascades to its sections, agenda items and
--     speeches in SQLite's order: each removes the speeches as they then
--     read. A person or an agenda item may go before its speeches only
--     with the foreign keys deferred: they are removed from the index
--     first, and indexed again when they are changed to point elsewhere.
--   The dictionary, search_term, is a WITHOUT ROWID table keyed by the normal form: its
--     text was stored twice, in the row and in the unique index
--     search_term_term (5.6 MB), which goes; an exact lookup is one b-tree
--     descent, not two. Term ids only key search_block and search_pos
--     (nothing looks a term up by id since search_doc keeps none), and a
--     new term takes search_stat.nextterm.
--   speech_agenda: the agenda item triggers find its speeches by index.
-- The tables are dropped and made again, and built from the speeches. The
-- rebuild runs inside this script's SELECT, where SQLite allows no DROP:
-- the dictionary's rows go straight into search_term, and are then copied
-- into a table of the same layout (INSERT ... SELECT * copies page by page,
-- packed full: a tenth smaller) which replaces it; the stem index is
-- created after them (sorted, packed full).
DROP TRIGGER IF EXISTS search_speech_au;
DROP TRIGGER IF EXISTS search_speech_ad;
DROP TRIGGER IF EXISTS search_person_au;
DROP TRIGGER IF EXISTS search_section_au;
DROP TRIGGER IF EXISTS search_agenda_au;
DROP TRIGGER IF EXISTS search_speech_bu; -- (the tests make older files from new ones, which have these)
DROP TRIGGER IF EXISTS search_speech_bd;
DROP TRIGGER IF EXISTS search_person_bu;
DROP TRIGGER IF EXISTS search_person_bd;
DROP TRIGGER IF EXISTS search_section_bu;
DROP TRIGGER IF EXISTS search_section_bd;
DROP TRIGGER IF EXISTS search_agenda_bu;
DROP TRIGGER IF EXISTS search_agenda_bd;
DROP TABLE IF EXISTS search_norm; -- (as the triggers above: files made older from new ones have it)
DROP TABLE search_term;
DROP TABLE search_block;
DROP TABLE search_pos;
DROP TABLE search_doc;
DROP TABLE search_stat;
CREATE TABLE search_term(term TEXT PRIMARY KEY, id INTEGER NOT NULL, stem TEXT, df INTEGER NOT NULL,
  bound BLOB, docs BLOB, pos BLOB) WITHOUT ROWID;
CREATE TABLE search_block(k INTEGER PRIMARY KEY, last INTEGER NOT NULL, n INTEGER NOT NULL,
  bound BLOB NOT NULL, docs BLOB NOT NULL);
CREATE TABLE search_pos(k INTEGER PRIMARY KEY, pos BLOB NOT NULL);
CREATE TABLE search_doc(id INTEGER PRIMARY KEY, len BLOB NOT NULL, sum INTEGER NOT NULL);
CREATE TABLE search_norm(id INTEGER PRIMARY KEY, q BLOB NOT NULL);
CREATE TABLE search_stat(id INTEGER PRIMARY KEY CHECK(id = 1), docs INTEGER NOT NULL,
  len0 INTEGER NOT NULL, len1 INTEGER NOT NULL, len2 INTEGER NOT NULL,
  nf0 INTEGER NOT NULL, nf1 INTEGER NOT NULL, nf2 INTEGER NOT NULL, nextterm INTEGER NOT NULL,
  stamp INTEGER NOT NULL);
INSERT INTO search_stat VALUES(1, 0, 0, 0, 0, 0, 0, 0, 1, random() >> 1);
CREATE INDEX IF NOT EXISTS speech_agenda ON speech(agenda_item_id) WHERE agenda_item_id IS NOT NULL;

-- (search_speech_ai, AFTER INSERT, stays as schema 10 made it)
CREATE TRIGGER search_speech_bu BEFORE UPDATE OF id, text, person_id, label, section_id, agenda_item_id ON speech BEGIN
  SELECT majlis_search_delete(old.id);
END;
CREATE TRIGGER search_speech_au AFTER UPDATE OF id, text, person_id, label, section_id, agenda_item_id ON speech BEGIN
  SELECT majlis_search_put(new.id);
END;
CREATE TRIGGER search_speech_bd BEFORE DELETE ON speech BEGIN
  SELECT majlis_search_delete(old.id);
END;
CREATE TRIGGER search_person_bu BEFORE UPDATE OF name_ar, name_en, name_az ON person BEGIN
  SELECT majlis_search_delete(id) FROM speech WHERE person_id = old.id;
END;
CREATE TRIGGER search_person_au AFTER UPDATE OF name_ar, name_en, name_az ON person BEGIN
  SELECT majlis_search_put(id) FROM speech WHERE person_id = new.id;
END;
CREATE TRIGGER search_person_bd BEFORE DELETE ON person BEGIN
  SELECT majlis_search_delete(id) FROM speech WHERE person_id = old.id;
END;
CREATE TRIGGER search_section_bu BEFORE UPDATE OF heading ON record_section BEGIN
  SELECT majlis_search_delete(id) FROM speech WHERE section_id = old.id;
END;
CREATE TRIGGER search_section_au AFTER UPDATE OF heading ON record_section BEGIN
  SELECT majlis_search_put(id) FROM speech WHERE section_id = new.id;
END;
CREATE TRIGGER search_section_bd BEFORE DELETE ON record_section BEGIN
  SELECT majlis_search_delete(id) FROM speech WHERE section_id = old.id;
END;
CREATE TRIGGER search_agenda_bu BEFORE UPDATE OF title ON agenda_item BEGIN
  SELECT majlis_search_delete(id) FROM speech WHERE agenda_item_id = old.id;
END;
CREATE TRIGGER search_agenda_au AFTER UPDATE OF title ON agenda_item BEGIN
  SELECT majlis_search_put(id) FROM speech WHERE agenda_item_id = new.id;
END;
CREATE TRIGGER search_agenda_bd BEFORE DELETE ON agenda_item BEGIN
  SELECT majlis_search_delete(id) FROM speech WHERE agenda_item_id = old.id;
END;

SELECT majlis_search_rebuild();
CREATE TABLE search_term_packed(term TEXT PRIMARY KEY, id INTEGER NOT NULL, stem TEXT, df INTEGER NOT NULL,
  bound BLOB, docs BLOB, pos BLOB) WITHOUT ROWID;
INSERT INTO search_term_packed SELECT * FROM search_term;
DROP TABLE search_term;
ALTER TABLE search_term_packed RENAME TO search_term;
CREATE INDEX search_term_stem ON search_term(stem) WHERE stem IS NOT NULL;
