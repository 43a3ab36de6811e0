import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Filters } from '../../core/filters';
import type { Dataset } from '../../core/schema';
import { readDataset } from '../../server/dataset/load';
import { EmbeddedStore } from '../../server/store/memory/embedded-store';
import { PostgisStore } from '../../server/store/postgis/postgis-store';
import { MIGRATIONS_DIR } from '../../server/store/postgis/migrate';
import type { FeaturePage } from '../../server/store/types';
import { whereClause } from '../../server/store/postgis/sql';
import { parseCql2 } from '../../server/ogc/cql2';
import { createTestDatabase, type TestDatabase } from '../pg/database';
import { EAST, WEST, dataset } from './factories';
import { expectSameJson, sameJsonProblems } from './same-json';

describe('sameJsonProblems (the comparison the store tests rely on)', () => {
  it('finds different values, key orders and sizes beyond the tolerance', () => {
    expect(sameJsonProblems({ a: 1, b: 2 }, { b: 2, a: 1 })).toHaveLength(1);
    expect(sameJsonProblems({ count: 3 }, { count: 4 })).toHaveLength(1);
    expect(sameJsonProblems({ line_km: 100 }, { line_km: 100.4 })).toEqual([]);
    expect(sameJsonProblems({ line_km: 100 }, { line_km: 101 })).toHaveLength(1);
  });
});

describe('whereClause', () => {
  it('passes every value as a parameter, never in the SQL text', () => {
    const w = whereClause({ layer: "x'; DROP TABLE features; --", counties: ['361102'], measures: [4], statuses: ['planned'], q: "O'Brien", bbox: [117, 28, 118, 29] });
    expect(w.sql).not.toContain('DROP');
    expect(w.sql).not.toContain("O'Brien".toLowerCase());
    expect(w.params).toContain("x'; DROP TABLE features; --");
    expect(w.params).toContain("o'brien");
    expect(w.sql).toContain('f.geom && ST_MakeEnvelope');
  });

  it('passes filter values as parameters too', () => {
    const w = whereClause({ where: parseCql2("name = 'x''; DROP TABLE features; --' OR measure IN (4) OR S_INTERSECTS(geometry, POINT(117 28))") });
    expect(w.sql).not.toContain('DROP');
    expect(w.params).toContain("x'; DROP TABLE features; --");
    expect(w.sql).toContain('ST_Intersects');
  });

  it('is TRUE without criteria', () => {
    expect(whereClause({})).toEqual({ sql: 'TRUE', params: [] });
  });
});

/** What a page answers (the memory store also hands the route its pre-serialised `json`). */
const answer = (p: FeaturePage) => ({ numberMatched: p.numberMatched, features: p.features });

/** The embedded store over `ds` in a fresh state directory. */
function embeddedOver(ds: Dataset, dataDir?: string): Promise<EmbeddedStore> {
  return EmbeddedStore.open({ stateDir: mkdtempSync(join(tmpdir(), 'sgm-pgcmp-')), dataset: ds, dataDir, log: () => {} });
}

/** Open a PostGIS store over `ds` in a fresh database; returns it with its database. */
async function openOver(ds: Dataset): Promise<{ store: PostgisStore; db: TestDatabase }> {
  const db = await createTestDatabase();
  return { store: await PostgisStore.open(db.url, ds), db };
}

describe('PostgisStore on the factory dataset', () => {
  let store: PostgisStore;
  let db: TestDatabase;
  // The embedded store (writable, as in production): both stores show progress reports on targets.
  let memory: EmbeddedStore;
  beforeAll(async () => {
    memory = await embeddedOver(dataset());
    ({ store, db } = await openOver(dataset()));
  }, 60_000);
  afterAll(async () => {
    await memory?.close();
    await store?.close();
    await db?.drop();
  });

  it('computes county membership in PostGIS as the embedded store does (border lines and polygons)', async () => {
    const page = await store.features({});
    expect(page.features.map((f) => [f.id, f.properties.counties])).toEqual([
      ['west-point', [WEST]],
      ['east-point', [EAST]],
      ['cross-line', [WEST, EAST]],
      ['over-area', [WEST, EAST]],
      ['far-point', []],
    ]);
  });

  const queries: Filters[] = [
    {},
    { counties: [WEST] },
    { counties: [EAST], measures: [4] },
    { measures: [16] },
    { statuses: ['unknown'] },
    { q: '三清' },
    { q: 'SANQING' },
    { bbox: [118.4, 28.4, 118.6, 28.6] },
    { bbox: [100, 10, 101, 11] },
    { layers: ['pipes', 'areas'], counties: [WEST] },
  ];
  it.each(queries.map((q) => [JSON.stringify(q), q] as const))('answers features and stats like the embedded store: %s', async (_, q) => {
    expectSameJson(answer(await store.features(q)), answer(await memory.features(q)));
    expectSameJson(await store.stats(q), await memory.stats(q));
  });

  // The OGC API's CQL2 filter, as the store's filter AST (server/store/filter.ts): same features.
  const filters = [
    "status = 'unknown'",
    "status <> 'unknown'",
    'measure = 16',
    'measure <> 4',
    'measure > 8',
    'measure IN (8, 13)',
    `county = '${EAST}'`,
    `NOT county IN ('${EAST}')`,
    'county IS NULL',
    "zone IS NULL",
    "NOT zone = 'x'",
    "name LIKE '三清%'",
    "name_en LIKE 'Place _-point'",
    'outside = TRUE',
    "precision = 'schematic' OR clause = '（十六）'",
    'S_INTERSECTS(geometry, BBOX(117.95, 28, 118.05, 28.15))',
    'S_INTERSECTS(geometry, POLYGON((117.4 28.4, 117.6 28.4, 117.6 28.6, 117.4 28.4)))',
    'S_INTERSECTS(geometry, POINT(118.5 28.5))',
    // A self-crossing (invalid) polygon: PostGIS makes it valid rather than failing.
    'S_INTERSECTS(geometry, POLYGON((117 28, 119 29, 119 28, 117 29, 117 28)))',
    'TRUE',
    'FALSE',
  ];
  it.each(filters)('answers the filter %s like the embedded store', async (text) => {
    const q = { where: parseCql2(text) };
    expectSameJson(answer(await store.features(q)), answer(await memory.features(q)));
  });

  it('pages like the embedded store, numberMatched before paging', async () => {
    for (const [limit, offset] of [[2, 1], [1, 0], [10, 10], [0, 0]]) {
      expectSameJson(answer(await store.features({ limit, offset })), answer(await memory.features({ limit, offset })));
    }
    expect((await store.features({ limit: 2, offset: 10 })).numberMatched).toBe(5);
  });

  it('says postgis with the PostgreSQL and PostGIS versions in health', async () => {
    const h = await store.health();
    expect(h).toMatchObject({ kind: 'postgis', features: 5, layers: 3, data_version: 'test-1' });
    expect(h.postgresql).toMatch(/^\d+\.\d+/);
    expect(h.postgis).toMatch(/^3\.\d+/);
  });
});

describe('PostgisStore on data/ (the shipped dataset)', { timeout: 60_000 }, () => {
  let store: PostgisStore;
  let db: TestDatabase;
  let memory: EmbeddedStore;
  let ds: Dataset;
  beforeAll(async () => {
    const dataDir = resolve(import.meta.dirname, '../../data');
    ds = await readDataset(dataDir);
    memory = await embeddedOver(ds, dataDir);
    ({ store, db } = await openOver(ds));
  }, 60_000);
  afterAll(async () => {
    await memory?.close();
    await store?.close();
    await db?.drop();
  });

  it('answers layers, counties, context, measures and every feature like the embedded store', async () => {
    expectSameJson(await store.layers(), await memory.layers());
    expectSameJson(await store.counties(), await memory.counties());
    expectSameJson(await store.context(), await memory.context());
    expectSameJson(await store.measures(), await memory.measures());
    for (const f of ds.features) expectSameJson(await store.feature(f.properties.id), await memory.feature(f.properties.id));
    expect(await store.feature('no-such-feature')).toBeUndefined();
  });

  it('answers every layer under each county, measure and status like the embedded store', async () => {
    const layerIds = await memory.layerIds();
    const filters: Filters[] = [
      {},
      ...['361102', '361123', '361128', '361130', '361181'].map((c) => ({ counties: [c] })),
      { measures: [13] },
      { measures: [4, 16] },
      { statuses: ['completed', 'in_progress'] },
      { q: 'port' },
      { q: 'ＰＯＲＴ' },
      { q: 'scenic-' },
      { q: '鄱阳' },
      { bbox: [117.5, 28.2, 118.2, 28.7] },
      { counties: ['361127', '361128', '361129'], measures: [13] },
    ];
    for (const f of filters) {
      for (const layer of layerIds) expectSameJson(answer(await store.features({ ...f, layer })), answer(await memory.features({ ...f, layer })));
      expectSameJson(await store.stats(f), await memory.stats(f));
    }
  });

  it('keeps km and km² within 0.5 % of turf for every feature and county', async () => {
    const s = await store.stats({});
    const m = await memory.stats({});
    // every line in data/ is schematic and has no length (plan-membership.ts): 0 km in both stores
    expect(s.totals.line_km).toBe(m.totals.line_km);
    expect(s.totals.polygon_km2).toBeGreaterThan(0);
    expect(Math.abs(s.totals.polygon_km2 - m.totals.polygon_km2) / m.totals.polygon_km2).toBeLessThan(0.005);
  });

  it('finds bbox candidates through the GiST index on geometry(Geometry, 4326)', async () => {
    const c = new pg.Client({ connectionString: db.url });
    await c.connect();
    try {
      const col = await c.query(`SELECT type, srid FROM geometry_columns WHERE f_table_name = 'features' AND f_geometry_column = 'geom'`);
      expect(col.rows).toEqual([{ type: 'GEOMETRY', srid: 4326 }]);
      await c.query('SET enable_seqscan = off');
      const w = whereClause({ bbox: [117.5, 28.2, 118.2, 28.7] });
      const plan = await c.query(`EXPLAIN SELECT f.id FROM features f WHERE ${w.sql}`, w.params);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('features_geom');
    } finally {
      await c.end();
    }
  });

  it('migrates once and loads once: a second server on the same database finds it ready without reading data/', async () => {
    let reads = 0;
    const again = await PostgisStore.open(db.url, async () => {
      reads++;
      return ds;
    });
    try {
      expect(reads).toBe(0); // a loaded database: data/ is not even read
      expect((await again.health()).features).toBe(ds.features.length);
      const c = new pg.Client({ connectionString: db.url });
      await c.connect();
      const mig = await c.query('SELECT name FROM pgmigrations ORDER BY id');
      const n = await c.query('SELECT count(*)::int AS n FROM features');
      await c.end();
      // Every migration file, once, in order (0001_read-schema, 0002_boundaries, 0010_accounts, …).
      const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort().map((f) => f.replace(/\.sql$/, ''));
      expect(files.slice(0, 3)).toEqual(['0001_read-schema', '0002_boundaries', '0010_accounts']);
      expect(mig.rows.map((r) => r.name)).toEqual(files);
      expect(n.rows[0].n).toBe(ds.features.length);
    } finally {
      await again.close();
    }
  });
});
