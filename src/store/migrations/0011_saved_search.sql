-- Majlis schema 11: search synonyms and saved searches (doc/search-saved.md,
-- "Synonyms" and "Saved searches").
--
-- Synonyms: the terms of one group (grp) are equivalent at query time
-- (names transliterated several ways, spelling variants); a term may be
-- several words. Terms are kept in their normalised display form (NFC,
-- whitespace collapsed); src/domain/synonyms.c refuses a term that is
-- already in any group, so a term belongs to at most one group. The
-- search core (src/domain/search.c) expands a query's words with them.
CREATE TABLE search_synonym(id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, term TEXT NOT NULL CHECK(length(term) BETWEEN 1 AND 100), lang TEXT, created_by TEXT NOT NULL, created_at TEXT NOT NULL, UNIQUE(grp, term));
CREATE INDEX search_synonym_term ON search_synonym(term);

-- Saved searches: a signed-in user's named query (the query text holds
-- its filters: speaker:, from:, ...) and sort order. Private unless
-- share_token is set: then /searches/{id}.atom?token=... serves the feed
-- without signing in (the token is 32 random bytes, hex; unsharing clears
-- it and sharing again issues a new one).
CREATE TABLE saved_search(
  id          INTEGER PRIMARY KEY,
  user_id     INTEGER NOT NULL REFERENCES user(id) ON DELETE CASCADE,
  name        TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 100),
  query       TEXT NOT NULL CHECK(length(query) BETWEEN 1 AND 2000),
  sort        TEXT NOT NULL DEFAULT 'relevance' CHECK(sort IN ('relevance','date')),
  share_token TEXT UNIQUE CHECK(share_token IS NULL OR length(share_token) = 64),
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE(user_id, name)
);
