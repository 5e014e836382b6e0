-- Majlis schema 14: the analyzer's normal form changed (doc/search.md,
-- "Normal form"). The hamza seats ؤ and ئ now fold to ء, so مسؤول and
-- مسئول are one word. Dotless ı now folds to i, so BAKI, Bakı and baki are
-- one word. The Urdu letters ہ ۂ ۃ fold to ه and ے ۓ to ي. Both indexes hold
-- normal forms and stems, so both are built again from the speeches.
INSERT INTO speech_fts(speech_fts) VALUES('rebuild');
SELECT majlis_search_rebuild();
