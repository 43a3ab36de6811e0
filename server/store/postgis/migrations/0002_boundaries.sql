-- Where the county and neighbour outlines come from (source, licence, attribution, datum): the
-- `boundaries` member of data/counties.geojson and data/context.geojson, served with them.

-- Up Migration
ALTER TABLE dataset ADD COLUMN boundaries json;

-- Down Migration
ALTER TABLE dataset DROP COLUMN boundaries;
