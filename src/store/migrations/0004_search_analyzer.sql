-- Majlis schema 4: the speech index uses our Arabic-aware tokenizer
-- ("majlis", src/text/fts_tokenizer.c): normalised words and their light
-- stems at the same positions. The triggers of schema 1 keep working; the
-- index is rebuilt from the speech table.
DROP TABLE speech_fts;
CREATE VIRTUAL TABLE speech_fts USING fts5(
  text, content='speech', content_rowid='id', tokenize='majlis'
);
INSERT INTO speech_fts(speech_fts) VALUES('rebuild');
