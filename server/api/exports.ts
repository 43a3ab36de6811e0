/**
 * GET /api/export: the features of a filter (the web app's layers, county, measure, status, q) as a
 * file — GeoJSON, CSV (UTF-8 with BOM), XLSX, a zipped Shapefile (server/export/shapefile.ts) — in WGS 84 or, with crs=gcj02, GCJ-02 for 高德/百度.
 * Anonymous callers get public fields (as /api); signed-in accounts get every field, so an editor's
 * export reads back through POST /api/imports unchanged (tested).
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Feature } from 'geojson';
import { parseFilters } from '../../core/filters';
import { canReadAll, type Guard } from '../auth/guard';
import { apiError } from '../http/errors';
import { isWritable, type FeatureStore } from '../store/types';
import { ErrorSchema } from './schemas';
import { validationHook } from './validation';

export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'shp'] as const;
const TYPES: Record<(typeof EXPORT_FORMATS)[number], string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  shp: 'application/zip',
};

function mapCoords(g: Feature['geometry'], f: (p: number[]) => number[]): Feature['geometry'] {
  const deep = (c: unknown): unknown => (typeof (c as unknown[])[0] === 'number' ? f(c as number[]) : (c as unknown[]).map(deep));
  return g.type === 'GeometryCollection' ? g : ({ type: g.type, coordinates: deep(g.coordinates) } as Feature['geometry']);
}

/** GCJ-02 from WGS 84, rounded to 1e-7°; gcoord is loaded on the first such export (not at start). */
async function gcjOf(): Promise<(p: number[]) => number[]> {
  const { default: gcoord } = await import('gcoord');
  return (p) => {
    const [x, y] = gcoord.transform([p[0], p[1]], gcoord.WGS84, gcoord.GCJ02) as number[];
    return [Math.round(x * 1e7) / 1e7, Math.round(y * 1e7) / 1e7];
  };
}

export function createExports({ store, guard }: { store: FeatureStore; guard: Guard }) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/export',
      description:
        'The features of a filter as a file: format geojson, csv (UTF-8 with BOM; every property as a column, lists and objects as JSON, lon/lat for points, the geometry as WKT) xlsx (the same columns) or shp (a zip with one .shp/.shx/.dbf/.prj/.cpg set per shape type: points, lines, polygons; .dbf in UTF-8, field names cut to 10 characters as README.txt in the zip lists, text over 254 bytes cut and ending in …). crs=wgs84 (default) or gcj02 (for 高德/百度 maps; GCJ-02 is not an EPSG system — the file says so). Anonymous callers get public fields; signed-in accounts every field. POST /api/imports reads these files back unchanged.',
      request: {
        query: z.strictObject({
          format: z.enum(EXPORT_FORMATS, { message: `format must be one of ${EXPORT_FORMATS.join(', ')}` }).optional().openapi({ description: 'Default geojson.' }),
          crs: z.enum(['wgs84', 'gcj02'], { message: 'crs must be wgs84 or gcj02' }).optional().openapi({ description: 'Default wgs84.' }),
          layers: z.string().optional(),
          county: z.string().optional(),
          measure: z.string().optional(),
          status: z.string().optional(),
          q: z.string().optional(),
        }),
      },
      responses: {
        200: { description: 'The file (Content-Disposition: attachment).', content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
        400: { content: { 'application/json': { schema: ErrorSchema } }, description: 'A bad parameter, named.' },
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const params = new URLSearchParams();
      for (const k of ['layers', 'county', 'measure', 'status', 'q'] as const) if (q[k] !== undefined) params.set(k, q[k]!);
      const { filters, problems } = parseFilters(params, { layerIds: await store.layerIds(), allowBbox: false });
      if (problems.length) return apiError(c, 400, 'bad_parameter', problems[0].message, problems[0].parameter) as never;
      const who = await guard.identify(c);
      const page = await store.features({ ...filters });
      let features: Feature[] = page.features as Feature[];
      if (canReadAll(who) && isWritable(store)) {
        const full: Feature[] = [];
        for (const f of page.features) {
          const s = await store.storedFeature(f.properties.id);
          if (s) full.push({ type: 'Feature', id: s.feature.properties.id, geometry: s.feature.geometry, properties: { ...s.feature.properties } });
        }
        features = full;
      }
      const crs = q.crs ?? 'wgs84';
      if (crs === 'gcj02') {
        const toGcj = await gcjOf();
        features = features.map((f) => ({ ...f, geometry: mapCoords(f.geometry, toGcj) }));
      }
      const format = q.format ?? 'geojson';
      const stem = `shangrao-green-map-${new Date().toISOString().slice(0, 10)}${crs === 'gcj02' ? '-gcj02' : ''}`;
      const headers = {
        'Content-Type': TYPES[format],
        'Content-Disposition': `attachment; filename="${stem}.${format === 'shp' ? 'shp.zip' : format}"`,
        'Cache-Control': 'private, no-store',
        Vary: 'Authorization, Cookie',
      };
      // The writers (and the shapefile's dbffile) are loaded on the first export, not at every start.
      const [{ csvFile, geojsonFile, xlsxFile }, { shapefileZip }] = await Promise.all([import('../export/files'), import('../export/shapefile')]);
      if (format === 'geojson') return c.body(geojsonFile(features, crs === 'gcj02' ? 'Coordinates are GCJ-02 (高德/腾讯), not WGS 84 as RFC 7946 says; import them with crs=gcj02.' : undefined), 200, headers) as never;
      if (format === 'csv') return c.body(csvFile(features), 200, headers) as never;
      if (format === 'shp') return c.body((await shapefileZip(features, { gcj02: crs === 'gcj02', stem })).zip as Uint8Array<ArrayBuffer>, 200, headers) as never;
      return c.body((await xlsxFile(features)) as Uint8Array<ArrayBuffer>, 200, headers) as never;
    },
  );
  return api;
}
