-- Majlis schema 19: a saved search keeps "search the words as written" (the
-- search's respell=0, doc/search.md "Words no speech has") beside its query,
-- sort and recency, so running it again, and its feed, search as it did
-- when it was saved. 0: a word no speech has is respelt (the default).
ALTER TABLE saved_search ADD COLUMN literal INTEGER NOT NULL DEFAULT 0 CHECK(literal IN (0, 1));
