/**
 * Request and response schemas of the HTTP API. The request schemas validate every query (so
 * `/api/openapi.json` documents exactly what is checked); the filter rules themselves live in
 * core/filters.ts and run inside the schema's refinement.
 */
import { z } from '@hono/zod-openapi';
import { COUNTY_CODES, STATUSES } from '../../core/contract';
import { MAX_Q_LENGTH, parseFilters, type Filters } from '../../core/filters';

export const MAX_LIMIT = 10_000;

const param = (description: string, example: string) => z.string().optional().openapi({ description, example });

const filterFields = {
  county: param(`County codes (GB/T 2260), comma-separated: ${COUNTY_CODES.join(', ')}. 361121 (former 上饶县) is read as 361104. Absent = whole city.`, '361130'),
  measure: param('Measure ids 1–23 of the plan, comma-separated. Absent = all.', '4,16'),
  status: param(`Statuses, comma-separated: ${STATUSES.join(', ')}.`, 'planned'),
  q: param(`Text search over Chinese and English names, at most ${MAX_Q_LENGTH} characters.`, '三清山'),
  bbox: param('minLon,minLat,maxLon,maxLat (WGS 84): features whose bounding box meets it.', '117.5,28.3,118.5,29.5'),
};

const pagingFields = {
  limit: param(`Page size, 1–${MAX_LIMIT}. Absent = every match.`, '100'),
  offset: param('Matches to skip before the page, 0 or more. Default 0.', '0'),
};

export interface ValidatedQuery {
  filters: Filters;
  limit?: number;
  offset?: number;
}

type Ctx = z.RefinementCtx;

/** Run the shared filter parser over the query and report its problems as schema issues. */
function refineFilters(query: Record<string, string | undefined>, ctx: Ctx, layerIds: readonly string[], allowLayers: boolean) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
  const { problems } = parseFilters(params, { layerIds, allowBbox: true });
  for (const p of problems) {
    if (p.parameter === 'layers' && !allowLayers) continue;
    ctx.addIssue({ code: 'custom', path: [p.parameter], message: p.message });
  }
}

function refinePaging(query: Record<string, string | undefined>, ctx: Ctx) {
  const check = (name: 'limit' | 'offset', min: number, max: number) => {
    const v = query[name];
    if (v === undefined) return;
    const n = /^\d{1,10}$/.test(v) ? Number(v) : NaN;
    if (!(n >= min && n <= max))
      ctx.addIssue({ code: 'custom', path: [name], message: `${name} must be a whole number from ${min} to ${max}.` });
  };
  check('limit', 1, MAX_LIMIT);
  check('offset', 0, 1_000_000_000);
}

/** Query schema of `/api/layers/{layer}/features`. */
export function featuresQuerySchema(layerIds: () => readonly string[]) {
  return z
    .strictObject({ ...filterFields, ...pagingFields })
    .superRefine((q, ctx) => {
      refineFilters(q, ctx, layerIds(), false);
      refinePaging(q, ctx);
    });
}

/** Query schema of `/api/stats`. */
export function statsQuerySchema(layerIds: () => readonly string[]) {
  return z
    .strictObject({
      layers: param('Layer ids, comma-separated. Absent = all layers.', 'scenic-areas,bird-habitats'),
      ...filterFields,
    })
    .superRefine((q, ctx) => refineFilters(q, ctx, layerIds(), true));
}

/** A query that takes no parameters at all. */
export const NoQuery = z.strictObject({});

/** Parse an already-validated query into typed filters and paging. */
export function toValidatedQuery(query: Record<string, string | undefined>, layerIds: readonly string[]): ValidatedQuery {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (typeof v === 'string') params.set(k, v);
  const { filters } = parseFilters(params, { layerIds, allowBbox: true });
  return {
    filters,
    limit: query.limit !== undefined ? Number(query.limit) : undefined,
    offset: query.offset !== undefined ? Number(query.offset) : undefined,
  };
}

export const LayerParam = z.object({
  layer: z.string().openapi({ param: { name: 'layer', in: 'path' }, example: 'scenic-areas', description: 'Layer id from /api/layers.' }),
});

export const FeatureIdParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'scenic-sanqingshan', description: 'Feature id.' }),
});

// ---- responses (documented shapes; bodies are built from core/api.ts types) ----

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'bad_parameter' }),
      message: z.string().openapi({ example: 'Unknown county "999999"; allowed: …' }),
      parameter: z.string().optional().openapi({ example: 'county' }),
    }),
  })
  .openapi('Error');

const Geometry = z.object({ type: z.string(), coordinates: z.any() }).openapi('Geometry', { description: 'RFC 7946 geometry, WGS 84 lon/lat.' });

const Aim = z.object({ id: z.string(), name: z.string(), name_en: z.string() });

export const FeatureSchema = z
  .object({
    type: z.literal('Feature'),
    id: z.string(),
    geometry: Geometry,
    properties: z.object({
      id: z.string(),
      name: z.string(),
      name_en: z.string(),
      layer: z.string(),
      measures: z.array(z.number().int()),
      status: z.enum(STATUSES),
      clause: z.string().openapi({ example: '（四）' }),
      quote: z.string(),
      precision: z.enum(['surveyed', 'approximate', 'schematic']),
      outside: z.boolean(),
      zone: z.string().optional(),
      aims: z.array(Aim),
      location_note: z.string().openapi({ description: 'How the geometry was placed and what was assumed (Chinese).' }),
      location_note_en: z.string().openapi({ description: 'The same note in English.' }),
      sources: z.array(z.string()),
      counties: z.array(z.string()).openapi({ description: 'Every county the geometry touches (computed from geometry).' }),
    }),
  })
  .openapi('Feature');

export const FeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(FeatureSchema),
    numberMatched: z.number().int(),
    numberReturned: z.number().int(),
  })
  .openapi('FeatureCollection');

export const GenericFeatureCollection = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(z.object({ type: z.literal('Feature'), geometry: Geometry, properties: z.record(z.string(), z.any()) })) })
  .openapi('BoundaryCollection');

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    store: z.object({ kind: z.string(), features: z.number(), layers: z.number(), data_version: z.string(), loaded_at: z.string() }),
  })
  .openapi('Health');

export const LayersSchema = z
  .object({
    layers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        name_en: z.string(),
        description: z.string(),
        description_en: z.string(),
        geometry: z.enum(['point', 'line', 'polygon', 'mixed']),
        color: z.string(),
        icon: z.string(),
        count: z.number().int(),
      }),
    ),
  })
  .openapi('Layers');

export const MeasuresSchema = z.object({ measures: z.array(z.record(z.string(), z.any())) }).openapi('Measures', {
  description: 'The 23 measures: id, section, titles, text, lead departments, targets.',
});

export const StatsSchema = z.record(z.string(), z.any()).openapi('Stats', {
  description: 'Figures for the filter: totals, by status, per layer, per county, per section, per measure with targets (see core/api.ts StatsResponse).',
});

export const ConfigSchema = z.record(z.string(), z.any()).openapi('Config', { description: 'What the web views need from deployment configuration.' });
