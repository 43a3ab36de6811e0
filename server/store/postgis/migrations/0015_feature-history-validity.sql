-- "As of" a day on PostGIS (server/store/postgis/asof-sql.ts): the versions valid after change set S
-- are those whose interval [since_seq, valid_to) holds S — a stabbing query. The btree
-- feature_history_valid (valid_to, since_seq) of 0014 can only bound one end: for a day in the middle
-- of the history it walks every version replaced after S (half the table) to find the few valid at
-- S. A GiST index over the interval finds them directly (EXPLAIN in bench/RESULTS-asof.md); the
-- query asks `int8range(since_seq, valid_to) @> S`, the same rows as since_seq <= S AND valid_to > S.

-- Up Migration
CREATE INDEX feature_history_validity ON feature_history USING gist (int8range(since_seq, valid_to));

-- Down Migration
DROP INDEX feature_history_validity;
