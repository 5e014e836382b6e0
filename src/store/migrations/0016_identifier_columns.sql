-- Majlis schema 16: person_identifier and organization_identifier with their
-- key columns first. SQLite 3.40 (Debian 12's) reports a false "NULL value
-- in person_identifier.person_id" from PRAGMA integrity_check for every row
-- of a WITHOUT ROWID table whose NOT NULL column comes before its primary
-- key's columns, so `majlis check` failed on any database with identifiers
-- (a ParlParse or Popolo import). Reproduced with the sqlite3 shell alone:
--   CREATE TABLE t(a INTEGER NOT NULL, k TEXT PRIMARY KEY) WITHOUT ROWID;
--   INSERT INTO t VALUES(1, 'x'); PRAGMA integrity_check;
-- The same columns, constraints and index; only their order changes, and
-- every statement of Majlis names the columns it writes.
CREATE TABLE person_identifier_new(
  scheme     TEXT NOT NULL CHECK(length(scheme) BETWEEN 1 AND 100),
  identifier TEXT NOT NULL CHECK(length(identifier) BETWEEN 1 AND 300),
  person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  PRIMARY KEY(scheme, identifier)
) WITHOUT ROWID;
INSERT INTO person_identifier_new(scheme, identifier, person_id)
  SELECT scheme, identifier, person_id FROM person_identifier;
DROP TABLE person_identifier;
ALTER TABLE person_identifier_new RENAME TO person_identifier;
CREATE INDEX person_identifier_person ON person_identifier(person_id);

CREATE TABLE organization_identifier_new(
  scheme          TEXT NOT NULL CHECK(length(scheme) BETWEEN 1 AND 100),
  identifier      TEXT NOT NULL CHECK(length(identifier) BETWEEN 1 AND 300),
  organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
  PRIMARY KEY(scheme, identifier)
) WITHOUT ROWID;
INSERT INTO organization_identifier_new(scheme, identifier, organization_id)
  SELECT scheme, identifier, organization_id FROM organization_identifier;
DROP TABLE organization_identifier;
ALTER TABLE organization_identifier_new RENAME TO organization_identifier;
CREATE INDEX organization_identifier_org ON organization_identifier(organization_id);
