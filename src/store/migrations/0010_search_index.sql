-- Majlis schema 10: our own search index beside FTS5 (src/text/sindex.c,
-- doc/search.md "Ranking" and "Speed"). Postings of every normal form with
-- per-field frequencies (speaker, heading, text), positions in a table of
-- their own, and per block upper bounds of what a posting can score, so a
-- ranked search scores only documents that can still reach the top k.
-- The speaker field is the person's names (ar, en, az) and the label as
-- printed; the heading is the record section's heading, else the agenda
-- item's title. Triggers keep the index in step with speeches, people's
-- names, section headings and agenda titles, through SQL functions that
-- db_open registers on every connection (majlis_search_put/_delete).
-- `majlis search --rebuild` builds it again; `majlis check` compares it
-- with the speeches.
CREATE TABLE search_term(id INTEGER PRIMARY KEY, term TEXT NOT NULL, stem TEXT, df INTEGER NOT NULL,
  bound BLOB NOT NULL);
CREATE UNIQUE INDEX search_term_term ON search_term(term);
CREATE INDEX search_term_stem ON search_term(stem) WHERE stem IS NOT NULL;
CREATE TABLE search_block(term INTEGER NOT NULL, first INTEGER NOT NULL, last INTEGER NOT NULL,
  n INTEGER NOT NULL, bound BLOB NOT NULL, docs BLOB NOT NULL, PRIMARY KEY(term, first)) WITHOUT ROWID;
CREATE TABLE search_pos(term INTEGER NOT NULL, first INTEGER NOT NULL, pos BLOB NOT NULL,
  PRIMARY KEY(term, first)) WITHOUT ROWID;
CREATE TABLE search_doc(id INTEGER PRIMARY KEY, len BLOB NOT NULL, terms BLOB NOT NULL);
CREATE TABLE search_stat(id INTEGER PRIMARY KEY CHECK(id = 1), docs INTEGER NOT NULL,
  len0 INTEGER NOT NULL, len1 INTEGER NOT NULL, len2 INTEGER NOT NULL,
  nf0 INTEGER NOT NULL, nf1 INTEGER NOT NULL, nf2 INTEGER NOT NULL);
INSERT INTO search_stat VALUES(1, 0, 0, 0, 0, 0, 0, 0);

CREATE TRIGGER search_speech_ai AFTER INSERT ON speech BEGIN
  SELECT majlis_search_put(new.id);
END;
CREATE TRIGGER search_speech_au AFTER UPDATE OF id, text, person_id, label, section_id, agenda_item_id ON speech BEGIN
  SELECT majlis_search_delete(old.id) WHERE old.id <> new.id;
  SELECT majlis_search_put(new.id);
END;
CREATE TRIGGER search_speech_ad AFTER DELETE ON speech BEGIN
  SELECT majlis_search_delete(old.id);
END;
CREATE TRIGGER search_person_au AFTER UPDATE OF name_ar, name_en, name_az ON person BEGIN
  SELECT majlis_search_put(id) FROM speech WHERE person_id = new.id;
END;
CREATE TRIGGER search_section_au AFTER UPDATE OF heading ON record_section BEGIN
  SELECT majlis_search_put(id) FROM speech WHERE section_id = new.id;
END;
CREATE TRIGGER search_agenda_au AFTER UPDATE OF title ON agenda_item BEGIN
  SELECT majlis_search_put(id) FROM speech WHERE agenda_item_id = new.id;
END;
SELECT majlis_search_rebuild();
