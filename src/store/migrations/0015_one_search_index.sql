-- Majlis schema 15: one search index. Since schema 10 every search ranks
-- with our own index (src/text/sindex.c), and the FTS5 table speech_fts was
-- kept only for the member portal's word filter, the spelling suggestions'
-- vocabulary and "more like this"'s document frequencies. Those now read
-- our index too (sx_matches; the dictionary search_term with its df), so
-- speech_fts and the triggers that kept it are dropped: on the news corpus
-- of the benchmark it was 69 MB beside our 64 MB (doc/search.md, "What the
-- index stores"), and every speech written was analysed twice. The FTS5
-- tokenizer `majlis` stays registered on every connection, for
-- `majlis eval search --tokenizer majlis-fts5` and for FTS5 tables of
-- one's own. (IF EXISTS: the tests make schema-13 files from new ones, which
-- have no speech_fts; a real file has it.)
DROP TRIGGER IF EXISTS speech_ai;
DROP TRIGGER IF EXISTS speech_ad;
DROP TRIGGER IF EXISTS speech_au;
DROP TABLE IF EXISTS speech_fts;
