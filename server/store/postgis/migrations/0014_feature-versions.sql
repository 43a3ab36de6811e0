-- "As of" a day on PostGIS (docs/contract.md `asof`; server/store/postgis/asof-sql.ts): every
-- version of a feature a change set replaced is kept, with the change sets it was valid for.
--
-- * features.since_seq: the change set that made the row as it is now (0: as first loaded).
-- * feature_history: a replaced version (changed, or deleted), valid for change sets
--   since_seq ≤ S < valid_to; the columns of `features` (the read queries run over it unchanged),
--   plus valid_to. Deleted intervals have no row: a feature is absent then.
-- * feature_history_counties: that version's county membership and sizes, as feature_counties.
-- * dataset.versions_from: the change set from which versions are kept (the database's seq when
--   this migration ran): "as of" a day before it answers as of that change set, flagged as before
--   the history.

-- Up Migration
ALTER TABLE features ADD COLUMN since_seq bigint NOT NULL DEFAULT 0;
ALTER TABLE dataset ADD COLUMN versions_from bigint NOT NULL DEFAULT 0;
UPDATE dataset SET versions_from = seq;

CREATE TABLE feature_history (
  id text NOT NULL,
  position bigint NOT NULL,
  layer text NOT NULL,
  measures integer[] NOT NULL,
  status text NOT NULL,
  precision text NOT NULL,
  aims text[] NOT NULL,
  outside boolean NOT NULL,
  geom_type text NOT NULL,
  search_text text NOT NULL,
  minx double precision NOT NULL,
  miny double precision NOT NULL,
  maxx double precision NOT NULL,
  maxy double precision NOT NULL,
  properties json NOT NULL,
  geometry json NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL,
  km double precision NOT NULL,
  km2 double precision NOT NULL,
  version integer NOT NULL,
  since_seq bigint NOT NULL,
  valid_to bigint NOT NULL,
  PRIMARY KEY (id, since_seq)
);
CREATE INDEX feature_history_valid ON feature_history (valid_to, since_seq);

CREATE TABLE feature_history_counties (
  feature_id text NOT NULL,
  since_seq bigint NOT NULL,
  county text NOT NULL REFERENCES counties (code),
  km double precision NOT NULL,
  km2 double precision NOT NULL,
  -- of the version (feature_id, since_seq) of feature_history, written in the same statement
  PRIMARY KEY (feature_id, since_seq, county)
);

-- Down Migration
DROP TABLE feature_history_counties;
DROP TABLE feature_history;
ALTER TABLE dataset DROP COLUMN versions_from;
ALTER TABLE features DROP COLUMN since_seq;
