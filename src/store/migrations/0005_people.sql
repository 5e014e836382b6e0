-- Majlis schema 5: people in Popolo. Identifiers from other schemes (for
-- matching on import), a Popolo membership's own id and its role as written
-- (our role column keeps the closed list the sitting rules need), and a
-- person's other names that do not map onto name_ar / name_en / name_az.
-- See doc/popolo.md.

CREATE TABLE person_identifier(
  person_id  INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  scheme     TEXT NOT NULL CHECK(length(scheme) BETWEEN 1 AND 100),
  identifier TEXT NOT NULL CHECK(length(identifier) BETWEEN 1 AND 300),
  PRIMARY KEY(scheme, identifier)
) WITHOUT ROWID;
CREATE INDEX person_identifier_person ON person_identifier(person_id);

CREATE TABLE organization_identifier(
  organization_id INTEGER NOT NULL REFERENCES organization(id) ON DELETE CASCADE,
  scheme          TEXT NOT NULL CHECK(length(scheme) BETWEEN 1 AND 100),
  identifier      TEXT NOT NULL CHECK(length(identifier) BETWEEN 1 AND 300),
  PRIMARY KEY(scheme, identifier)
) WITHOUT ROWID;
CREATE INDEX organization_identifier_org ON organization_identifier(organization_id);

CREATE TABLE person_other_name(
  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  name      TEXT NOT NULL CHECK(length(name) BETWEEN 1 AND 300),
  lang      TEXT,
  note      TEXT,
  PRIMARY KEY(person_id, name)
) WITHOUT ROWID;

ALTER TABLE membership ADD COLUMN ident TEXT;          -- the Popolo membership id
ALTER TABLE membership ADD COLUMN role_label TEXT;     -- the role as the source wrote it
CREATE UNIQUE INDEX membership_ident ON membership(ident) WHERE ident IS NOT NULL;
