-- Data releases into a loaded database (docs/contract.md, "Stores": "When a new release changes
-- data/, a seeded store takes the differences in at start as one change set").
--
-- * release_features: the features as the release the database last took in shipped them — the
--   base of the three-way merge when the next release arrives (server/store/release-merge.ts), as
--   the embedded store keeps `release-<version>/`. Written by the loader and by each release.
-- * dataset.release_base: whether release_features is complete. A database loaded before this
--   migration gets the features no change set touched here; the others are rebuilt from the
--   history at the next start (server/store/postgis/release.ts, backfillReleaseBase), which then
--   sets it.
-- * dataset.files_stamp: names, sizes and modification times of the files in DATA_DIR when the
--   database last compared them with its release: while they stay the same, start-up does not
--   read (hash) the files at all.

-- Up Migration
CREATE TABLE release_features (
  id text PRIMARY KEY,
  feature json NOT NULL
);
ALTER TABLE dataset ADD COLUMN release_base boolean NOT NULL DEFAULT false;
ALTER TABLE dataset ADD COLUMN files_stamp text;
INSERT INTO release_features (id, feature)
  SELECT f.id, json_build_object('type', 'Feature', 'id', f.id, 'properties', f.properties, 'geometry', f.geometry)
  FROM features f
  WHERE NOT EXISTS (SELECT 1 FROM changes c WHERE c.feature = f.id);
UPDATE dataset SET release_base = true WHERE NOT EXISTS (SELECT 1 FROM changes WHERE feature IS NOT NULL);

-- Down Migration
ALTER TABLE dataset DROP COLUMN files_stamp;
ALTER TABLE dataset DROP COLUMN release_base;
DROP TABLE release_features;
