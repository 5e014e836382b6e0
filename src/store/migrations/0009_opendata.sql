-- Majlis schema 9: open data and official statistics. One cube model that
-- mirrors SDMX 2.1: agencies, code lists (hierarchical, labels in ar/en/az),
-- concepts, data structure definitions (ordered dimensions, TIME_PERIOD,
-- OBS_VALUE, attributes with their attachment level), dataflows with
-- versions, series and observations. Governance (access level, release time,
-- immutable published versions, disclosure control) lives in the same
-- tables. See doc/opendata.md.

CREATE TABLE od_agency(
  id      TEXT PRIMARY KEY CHECK(id GLOB '[A-Za-z]*' AND length(id) BETWEEN 1 AND 50),
  name_ar TEXT NOT NULL,
  name_en TEXT,
  name_az TEXT
) WITHOUT ROWID;

CREATE TABLE od_codelist(
  id        INTEGER PRIMARY KEY,
  agency    TEXT NOT NULL REFERENCES od_agency(id),
  code      TEXT NOT NULL CHECK(length(code) BETWEEN 1 AND 50),   -- CL_FREQ
  version   TEXT NOT NULL DEFAULT '1.0',
  name_ar   TEXT NOT NULL,
  name_en   TEXT,
  name_az   TEXT,
  UNIQUE(agency, code, version)
);

CREATE TABLE od_code(
  codelist_id INTEGER NOT NULL REFERENCES od_codelist(id) ON DELETE CASCADE,
  code        TEXT NOT NULL CHECK(length(code) BETWEEN 1 AND 50),
  parent      TEXT,                       -- hierarchical code lists
  position    INTEGER NOT NULL DEFAULT 0,
  name_ar     TEXT NOT NULL,
  name_en     TEXT,
  name_az     TEXT,
  PRIMARY KEY(codelist_id, code)
) WITHOUT ROWID;

CREATE TABLE od_concept(
  agency  TEXT NOT NULL REFERENCES od_agency(id),
  code    TEXT NOT NULL CHECK(length(code) BETWEEN 1 AND 50),     -- FREQ, OBS_VALUE
  name_ar TEXT NOT NULL,
  name_en TEXT,
  name_az TEXT,
  PRIMARY KEY(agency, code)
) WITHOUT ROWID;

-- Data structure definitions and their components, in order.
CREATE TABLE od_dsd(
  id      INTEGER PRIMARY KEY,
  agency  TEXT NOT NULL REFERENCES od_agency(id),
  code    TEXT NOT NULL CHECK(length(code) BETWEEN 1 AND 50),
  version TEXT NOT NULL DEFAULT '1.0',
  name_ar TEXT NOT NULL,
  name_en TEXT,
  name_az TEXT,
  UNIQUE(agency, code, version)
);
CREATE TABLE od_component(
  dsd_id      INTEGER NOT NULL REFERENCES od_dsd(id) ON DELETE CASCADE,
  code        TEXT NOT NULL,              -- the concept: FREQ, TIME_PERIOD, OBS_VALUE, OBS_STATUS ...
  kind        TEXT NOT NULL CHECK(kind IN ('dimension','time','measure','attribute')),
  position    INTEGER NOT NULL,           -- dimensions: their order in a series key
  codelist_id INTEGER REFERENCES od_codelist(id),
  attachment  TEXT CHECK(attachment IN ('dataset','series','observation')),
  required    INTEGER NOT NULL DEFAULT 0 CHECK(required IN (0,1)),
  PRIMARY KEY(dsd_id, code),
  CHECK((kind = 'attribute') = (attachment IS NOT NULL))
) WITHOUT ROWID;

-- Dataflows: what the catalogue lists. access: public (anyone), restricted
-- (users whose role has the data capability), non_public (data officers
-- only). builtin: computed from the record by Majlis itself.
CREATE TABLE od_dataflow(
  id             INTEGER PRIMARY KEY,
  agency         TEXT NOT NULL REFERENCES od_agency(id),
  code           TEXT NOT NULL CHECK(code GLOB '[A-Za-z]*' AND length(code) BETWEEN 1 AND 50),
  dsd_id         INTEGER NOT NULL REFERENCES od_dsd(id),
  name_ar        TEXT NOT NULL,
  name_en        TEXT,
  name_az        TEXT,
  description_ar TEXT,
  description_en TEXT,
  description_az TEXT,
  access         TEXT NOT NULL DEFAULT 'public' CHECK(access IN ('public','restricted','non_public')),
  themes         TEXT NOT NULL DEFAULT '[]' CHECK(json_valid(themes)),   -- EU data themes (GOVE, ...)
  keywords       TEXT NOT NULL DEFAULT '[]' CHECK(json_valid(keywords)), -- [{"lang":"ar","value":"..."}]
  contact_name   TEXT,
  contact_email  TEXT,
  license        TEXT,
  builtin        INTEGER NOT NULL DEFAULT 0 CHECK(builtin IN (0,1)),
  sdc_threshold  INTEGER CHECK(sdc_threshold IS NULL OR sdc_threshold > 0), -- suppress cells below it
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  UNIQUE(agency, code)
);

-- Versions of a dataflow. A draft takes loads; publishing fixes release_at
-- (the version is public from then, not a second before) and freezes it.
CREATE TABLE od_version(
  id           INTEGER PRIMARY KEY,
  dataflow_id  INTEGER NOT NULL REFERENCES od_dataflow(id) ON DELETE CASCADE,
  version      TEXT NOT NULL CHECK(version GLOB '[0-9]*.[0-9]*'),
  status       TEXT NOT NULL DEFAULT 'draft' CHECK(status IN ('draft','published')),
  release_at   TEXT,                      -- ISO 8601 UTC; NULL while a draft
  note         TEXT,                      -- version note
  created_at   TEXT NOT NULL,
  published_at TEXT,
  published_by TEXT,
  updated_at   TEXT NOT NULL,             -- last change of its observations (ISO 8601 UTC)
  UNIQUE(dataflow_id, version),
  CHECK((status = 'published') = (release_at IS NOT NULL))
);
CREATE TRIGGER od_version_frozen BEFORE UPDATE ON od_version
  WHEN old.status = 'published' BEGIN
  SELECT RAISE(ABORT, 'a published version cannot change; publish a revision');
END;
CREATE TRIGGER od_version_keep BEFORE DELETE ON od_version
  WHEN old.status = 'published' BEGIN
  SELECT RAISE(ABORT, 'a published version cannot be deleted');
END;

-- Series: one per key (dimension codes joined by '.', in DSD order) within
-- a version; attrs holds series-level attributes.
CREATE TABLE od_series(
  id         INTEGER PRIMARY KEY,
  version_id INTEGER NOT NULL REFERENCES od_version(id) ON DELETE CASCADE,
  key        TEXT NOT NULL,
  attrs      TEXT NOT NULL DEFAULT '{}' CHECK(json_valid(attrs)),
  UNIQUE(version_id, key)
);

-- Observations. period: the SDMX TIME_PERIOD as written (2024, 2024-Q1,
-- 2024-03, 2024-03-05); period_start/period_end: its first and last day,
-- for startPeriod/endPeriod. value NULL with status 'C' (confidential) or
-- 'M' (missing). updated_at: epoch seconds of the load, for updatedAfter.
CREATE TABLE od_obs(
  series_id    INTEGER NOT NULL REFERENCES od_series(id) ON DELETE CASCADE,
  period       TEXT NOT NULL,
  period_start TEXT NOT NULL,
  period_end   TEXT NOT NULL,
  value        REAL,
  status       TEXT NOT NULL DEFAULT 'A',  -- OBS_STATUS (CL_OBS_STATUS)
  conf         TEXT NOT NULL DEFAULT 'F',  -- CONF_STATUS (CL_CONF_STATUS)
  attrs        TEXT,                       -- other observation-level attributes (JSON) or NULL
  updated_at   INTEGER NOT NULL,
  PRIMARY KEY(series_id, period)
) WITHOUT ROWID;
CREATE INDEX od_obs_updated ON od_obs(updated_at);

-- Observations of a published version never change.
CREATE TRIGGER od_obs_frozen_ins BEFORE INSERT ON od_obs
  WHEN (SELECT v.status FROM od_series s JOIN od_version v ON v.id = s.version_id WHERE s.id = new.series_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'a published version cannot change; publish a revision'); END;
CREATE TRIGGER od_obs_frozen_upd BEFORE UPDATE ON od_obs
  WHEN (SELECT v.status FROM od_series s JOIN od_version v ON v.id = s.version_id WHERE s.id = old.series_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'a published version cannot change; publish a revision'); END;
CREATE TRIGGER od_obs_frozen_del BEFORE DELETE ON od_obs
  WHEN (SELECT v.status FROM od_series s JOIN od_version v ON v.id = s.version_id WHERE s.id = old.series_id) = 'published'
BEGIN SELECT RAISE(ABORT, 'a published version cannot change; publish a revision'); END;

-- Release calendar: announced releases (the version is published with this
-- release_at when ready; the calendar page lists what is coming).
CREATE TABLE od_release(
  id          INTEGER PRIMARY KEY,
  dataflow_id INTEGER NOT NULL REFERENCES od_dataflow(id) ON DELETE CASCADE,
  release_at  TEXT NOT NULL,
  title_ar    TEXT,
  title_en    TEXT,
  version_id  INTEGER REFERENCES od_version(id)
);

INSERT INTO od_agency(id, name_ar, name_en, name_az) VALUES
  ('SDMX', 'مبادرة تبادل البيانات والبيانات الوصفية الإحصائية', 'SDMX', 'SDMX');
