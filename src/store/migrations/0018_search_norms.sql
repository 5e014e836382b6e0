-- Majlis schema 18: the field lengths of our search index per speech, not
-- per posting (src/text/sindex.c; doc/search.md "What the index stores").
--   Until now every posting carried its speech's field lengths (a byte per
--     field it occurs in, log-quantised), repeated in the posting of every
--     term of the speech: about 6 MB of the 64 MB index of the benchmark's
--     news corpus. Postings now hold the speech id delta and the
--     frequencies only.
--   search_norm(id, q): the same quantised lengths once per speech, in
--     chunks of 1024 consecutive speech ids (row id = speech id >> 10; 3
--     bytes a speech: speaker, heading, text), which a query reads once
--     and keeps in memory across queries.
--   search_stat.stamp: a new random value with every change of the
--     lengths, so a copy kept in memory is known to be current or not.
-- The tables are dropped and made again, and the index is built from the
-- speeches (as schema 14 did; the triggers of schema 10 stay: they call SQL
-- functions, not the tables); the dictionary's indexes are created after
-- the rebuild, so they are built sorted and packed full. (search_norm IF
-- EXISTS: the tests make older files from new ones, which have it.)
DROP TABLE IF EXISTS search_norm;
DROP TABLE search_term;
DROP TABLE search_block;
DROP TABLE search_pos;
DROP TABLE search_doc;
DROP TABLE search_stat;
CREATE TABLE search_term(id INTEGER PRIMARY KEY, term TEXT NOT NULL, stem TEXT, df INTEGER NOT NULL,
  bound BLOB, docs BLOB, pos BLOB);
CREATE TABLE search_block(k INTEGER PRIMARY KEY, last INTEGER NOT NULL, n INTEGER NOT NULL,
  bound BLOB NOT NULL, docs BLOB NOT NULL);
CREATE TABLE search_pos(k INTEGER PRIMARY KEY, pos BLOB NOT NULL);
CREATE TABLE search_doc(id INTEGER PRIMARY KEY, len BLOB NOT NULL, terms BLOB NOT NULL);
CREATE TABLE search_norm(id INTEGER PRIMARY KEY, q BLOB NOT NULL);
CREATE TABLE search_stat(id INTEGER PRIMARY KEY CHECK(id = 1), docs INTEGER NOT NULL,
  len0 INTEGER NOT NULL, len1 INTEGER NOT NULL, len2 INTEGER NOT NULL,
  nf0 INTEGER NOT NULL, nf1 INTEGER NOT NULL, nf2 INTEGER NOT NULL, stamp INTEGER NOT NULL);
INSERT INTO search_stat VALUES(1, 0, 0, 0, 0, 0, 0, 0, random() >> 1);
SELECT majlis_search_rebuild();
CREATE UNIQUE INDEX search_term_term ON search_term(term);
CREATE INDEX search_term_stem ON search_term(stem) WHERE stem IS NOT NULL;
