-- Majlis schema 17: a saved search keeps "favour recent sittings" (the
-- search's recency=1, doc/search.md "Recency") beside its query and sort,
-- so running it again ranks as it did when it was saved.
ALTER TABLE saved_search ADD COLUMN recency INTEGER NOT NULL DEFAULT 0 CHECK(recency IN (0, 1));
