-- Placeholder in branch `lean` only: schema 18 is the `norms` branch's
-- migration (0018_search_norms.sql). Migrations are applied by number
-- without gaps, so this branch needs a file here; on merge, take the
-- norms branch's file.
SELECT 1;
