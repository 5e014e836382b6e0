-- Majlis schema 14: a smaller layout of our search index (src/text/sindex.c;
-- doc/search.md "Speed"), and new analyzer folds (doc/search.md, "Normal
-- form"); both search indexes are built again from the speeches.
--   The analyzer: the hamza seats ؤ and ئ fold to ء, so مسؤول and مسئول
--     are one word; dotless ı folds to i, so BAKI, Bakı and baki are one
--     word; the Urdu letters ہ ۂ ۃ fold to ه and ے ۓ to ي. (The FTS5 index
--     speech_fts, built by the same analyzer, is dropped by schema 15.)
--   search_term gains docs and pos: a term in at most 128 speeches (one
--     block's worth, SX_INLINE; 87% of the terms of the news corpus) keeps
--     its postings and positions in its dictionary row, not in a block row
--     and a position row of its own, and has no stored bound (its postings
--     give it); docs is NULL for the others. A word's rare forms then come
--     with the dictionary lookup, without a statement each.
--   term ids are given by falling document frequency in a rebuild, so a
--     speech's list of term ids (search_doc.terms, delta varints) takes
--     mostly one byte a term;
--   positions: each field's first position counts from the field's base
--     (one byte instead of two for most postings);
--   search_block and search_pos are rowid tables keyed by term id * 2^32 +
--     the block's first speech id, not WITHOUT ROWID tables keyed by (term,
--     first): a rebuild appends to them and packs their pages full, and a
--     row up to a page long stays off overflow pages.
-- The tables are dropped and made again (the triggers of schema 10 stay:
-- they call SQL functions, not the tables); the dictionary's indexes are
-- created after the rebuild, so they are built sorted and packed full.
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
CREATE TABLE search_stat(id INTEGER PRIMARY KEY CHECK(id = 1), docs INTEGER NOT NULL,
  len0 INTEGER NOT NULL, len1 INTEGER NOT NULL, len2 INTEGER NOT NULL,
  nf0 INTEGER NOT NULL, nf1 INTEGER NOT NULL, nf2 INTEGER NOT NULL);
INSERT INTO search_stat VALUES(1, 0, 0, 0, 0, 0, 0, 0);
SELECT majlis_search_rebuild();
CREATE UNIQUE INDEX search_term_term ON search_term(term);
CREATE INDEX search_term_stem ON search_term(stem) WHERE stem IS NOT NULL;
