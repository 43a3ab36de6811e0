-- Writes, change sets and history on PostGIS (docs/contract.md, "Writing"; server/store/types.ts
-- WritableStore). Numbered after 0010: node-pg-migrate checks the order, so a database that has
-- run 0010 could not take a 0003 now.
--
-- * features.version: 1 when first stored, +1 with every change set that changes the feature (ETags).
-- * deleted_features: features removed by a change set, kept (restorable; their id stays taken),
--   out of `features` so that every read query stays as it is.
-- * dataset.seq: the number of the last change set. Every writer locks this row first (SELECT …
--   FOR UPDATE), so change sets are numbered in commit order and applied one after another.
-- * change_sets / changes: the history, one row per change set and per change (before/after JSON
--   in `doc`); filter columns beside it. `public`: whether an anonymous reader sees the change.
-- * progress_reports: reports on measures' targets, each recorded by a change set.

-- Up Migration
ALTER TABLE features ADD COLUMN version integer NOT NULL DEFAULT 1;
ALTER TABLE dataset ADD COLUMN seq bigint NOT NULL DEFAULT 0;

CREATE TABLE deleted_features (
  id text PRIMARY KEY,
  position bigint NOT NULL UNIQUE,
  layer text NOT NULL,
  properties json NOT NULL,
  geometry json NOT NULL,
  version integer NOT NULL,
  -- The counties it lay in when deleted (history of its restore names them).
  counties text[] NOT NULL
);

CREATE TABLE change_sets (
  id bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  -- The ChangeSet as served, with "changes": [] (filled from `changes`), key order kept (json).
  doc json NOT NULL
);
CREATE INDEX change_sets_at ON change_sets (at);

CREATE TABLE changes (
  change_set bigint NOT NULL REFERENCES change_sets (id),
  ord integer NOT NULL,
  feature text,
  layer text,
  counties text[] NOT NULL,
  measures integer[] NOT NULL,
  public boolean NOT NULL,
  doc json NOT NULL,
  PRIMARY KEY (change_set, ord)
);
CREATE INDEX changes_feature ON changes (feature, change_set);
CREATE INDEX changes_layer ON changes (layer, change_set);
CREATE INDEX changes_counties ON changes USING gin (counties);
CREATE INDEX changes_measures ON changes USING gin (measures);

CREATE TABLE progress_reports (
  change_set bigint NOT NULL REFERENCES change_sets (id),
  target text NOT NULL,
  ord integer NOT NULL,
  measure integer NOT NULL,
  as_of text NOT NULL,
  doc json NOT NULL,
  PRIMARY KEY (change_set, ord)
);
CREATE INDEX progress_reports_measure ON progress_reports (measure);

-- Down Migration
DROP TABLE progress_reports;
DROP TABLE changes;
DROP TABLE change_sets;
DROP TABLE deleted_features;
ALTER TABLE dataset DROP COLUMN seq;
ALTER TABLE features DROP COLUMN version;
