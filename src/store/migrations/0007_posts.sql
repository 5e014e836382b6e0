-- Majlis schema 7: the rest of the Popolo person/organisation model.
-- Posts (a seat or a constituency of a body, held through a membership),
-- a person's contact details, biography and date of death. A post's label
-- follows the names: label_ar is required (the display fallback when the
-- source has no Arabic), label_en and label_az when known. `area` is the
-- Popolo area_id, or the area's name when the source gives only that.
-- See doc/popolo.md.

CREATE TABLE post(
  id              INTEGER PRIMARY KEY,
  ident           TEXT UNIQUE,
  organization_id INTEGER NOT NULL REFERENCES organization(id),
  label_ar        TEXT NOT NULL CHECK(length(label_ar) BETWEEN 1 AND 300),
  label_en        TEXT,
  label_az        TEXT,
  role            TEXT,
  area            TEXT
);
CREATE INDEX post_org ON post(organization_id);

ALTER TABLE membership ADD COLUMN post_id INTEGER REFERENCES post(id);
CREATE INDEX membership_post ON membership(post_id) WHERE post_id IS NOT NULL;

CREATE TABLE person_contact(
  person_id INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  type      TEXT NOT NULL CHECK(type IN ('email','phone','fax','address','twitter','facebook','website')),
  value     TEXT NOT NULL CHECK(length(value) BETWEEN 1 AND 500),
  label     TEXT,
  PRIMARY KEY(person_id, type, value)
) WITHOUT ROWID;

ALTER TABLE person ADD COLUMN biography_ar TEXT;
ALTER TABLE person ADD COLUMN biography_en TEXT;
ALTER TABLE person ADD COLUMN death_date TEXT;
