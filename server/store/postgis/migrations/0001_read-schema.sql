-- The read side of the dataset: layers, measures, counties, context and features, with county
-- membership computed at load. Documents whose key order the API preserves are `json`, not
-- `jsonb` (jsonb reorders keys); the geometry as given is kept beside the PostGIS geometry so the
-- API serves exactly the coordinates it was given.

-- Up Migration
CREATE EXTENSION IF NOT EXISTS postgis;

-- One row: which data release the tables hold.
CREATE TABLE dataset (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version text NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE layers (
  id text PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  doc json NOT NULL
);

CREATE TABLE measures (
  id integer PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  section integer NOT NULL,
  doc json NOT NULL
);

CREATE TABLE counties (
  code text PRIMARY KEY,
  position integer NOT NULL UNIQUE,
  name text NOT NULL,
  name_en text NOT NULL,
  geometry json NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL
);
CREATE INDEX counties_geom ON counties USING gist (geom);

CREATE TABLE context (
  position integer PRIMARY KEY,
  feature json NOT NULL
);

CREATE TABLE features (
  id text PRIMARY KEY,
  -- Order of the data release: layers in registry order, then each file's order.
  position bigint NOT NULL UNIQUE,
  layer text NOT NULL REFERENCES layers (id),
  measures integer[] NOT NULL,
  status text NOT NULL,
  precision text NOT NULL,
  aims text[] NOT NULL,
  outside boolean NOT NULL,
  -- GeoJSON type as given: Point/MultiPoint have no extent.
  geom_type text NOT NULL,
  -- core/match searchTextOf: normalised name, English name and id (normalised in JavaScript, so
  -- that both stores and the browser search the same text the same way).
  search_text text NOT NULL,
  -- Exact bbox of the geometry (the index box is rounded outward to float4).
  minx double precision NOT NULL,
  miny double precision NOT NULL,
  maxx double precision NOT NULL,
  maxy double precision NOT NULL,
  properties json NOT NULL,
  geometry json NOT NULL,
  geom geometry(Geometry, 4326) NOT NULL,
  -- Whole length (lines, km) and area (polygons, km²) on the spheroid.
  km double precision NOT NULL DEFAULT 0,
  km2 double precision NOT NULL DEFAULT 0
);
CREATE INDEX features_geom ON features USING gist (geom);
CREATE INDEX features_layer ON features (layer, position);
CREATE INDEX features_measures ON features USING gin (measures);

-- Which counties a feature lies in, and how much of it (computed with ST_Intersects at load).
CREATE TABLE feature_counties (
  feature_id text NOT NULL REFERENCES features (id) ON DELETE CASCADE,
  county text NOT NULL REFERENCES counties (code),
  km double precision NOT NULL DEFAULT 0,
  km2 double precision NOT NULL DEFAULT 0,
  PRIMARY KEY (feature_id, county)
);
CREATE INDEX feature_counties_county ON feature_counties (county, feature_id);

-- Down Migration
DROP TABLE feature_counties;
DROP TABLE features;
DROP TABLE context;
DROP TABLE counties;
DROP TABLE measures;
DROP TABLE layers;
DROP TABLE dataset;
