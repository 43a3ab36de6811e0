/**
 * Request schemas of the HTTP API: they validate every query (so `/api/openapi.json` documents
 * exactly what is checked); the filter rules themselves live in core/filters.ts and run inside the
 * schema's refinement. The response schemas are core/api.ts's, re-exported here for the routes.
 */
import { z } from '@hono/zod-openapi';
import { COUNTY_CODES, STATUSES } from '../../core/contract';
import { ASOF_TIME_ZONE, parseAsOf, type AsOf } from '../../core/asof';
import { MAX_Q_LENGTH, parseFilters, type Filters } from '../../core/filters';
import { STEPS } from '../../core/timeline';

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

/** `asof`: the data as it stood at the end of a day (docs/contract.md). */
export const asofFields = {
  asof: param(
    `A date YYYY-MM-DD up to today: the data as it stood at the end of that day (${ASOF_TIME_ZONE}, UTC+8), rebuilt from the history; progress reports with as_of on or before it. Absent = now. A day before the history begins answers with the data as first loaded and says so (asof.before_history, header Data-As-Of-Before-History).`,
    '2026-06-30',
  ),
};

export interface ValidatedQuery {
  filters: Filters;
  limit?: number;
  offset?: number;
  asof?: AsOf;
}

/** Check `asof` (malformed, not a calendar day, or in the future: an issue naming it). */
export function refineAsOf(query: Record<string, string | undefined>, ctx: Ctx) {
  if (query.asof === undefined) return;
  const r = parseAsOf(query.asof);
  if (typeof r === 'string') ctx.addIssue({ code: 'custom', path: ['asof'], message: r });
}

/** Query schema of a route that takes only `asof` (`/api/features/{id}`). */
export const AsOfQuery = z.strictObject(asofFields).superRefine(refineAsOf);

/** The parsed `asof` of an already-validated query. */
export function asofOf(query: Record<string, string | undefined>): AsOf | undefined {
  if (query.asof === undefined) return undefined;
  const r = parseAsOf(query.asof);
  return typeof r === 'string' ? undefined : r;
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
    .strictObject({ ...filterFields, ...pagingFields, ...asofFields })
    .superRefine((q, ctx) => {
      refineFilters(q, ctx, layerIds(), false);
      refinePaging(q, ctx);
      refineAsOf(q, ctx);
    });
}

/** Query schema of `/api/stats`. */
export function statsQuerySchema(layerIds: () => readonly string[]) {
  return z
    .strictObject({
      layers: param('Layer ids, comma-separated. Absent = all layers.', 'scenic-areas,bird-habitats'),
      ...filterFields,
      ...asofFields,
    })
    .superRefine((q, ctx) => {
      refineFilters(q, ctx, layerIds(), true);
      refineAsOf(q, ctx);
    });
}

/** `GET /api/stats/timeline`: the filters (as /api/stats) and `step`; no `asof` (it runs to today). */
export function timelineQuerySchema(layerIds: () => readonly string[]) {
  return z
    .strictObject({
      step: param(`The period: ${STEPS.join(' or ')}. Default quarter.`, 'quarter'),
      layers: param('Layer ids, comma-separated. Absent = all layers.', 'scenic-areas,bird-habitats'),
      ...filterFields,
    })
    .superRefine((q, ctx) => {
      if (q.step !== undefined && !(STEPS as readonly string[]).includes(q.step))
        ctx.addIssue({ code: 'custom', path: ['step'], message: `step must be one of ${STEPS.join(', ')}, not "${q.step.slice(0, 40)}".` });
      refineFilters(q, ctx, layerIds(), true);
    });
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
    asof: asofOf(query),
  };
}

export const LayerParam = z.object({
  layer: z.string().openapi({ param: { name: 'layer', in: 'path' }, example: 'scenic-areas', description: 'Layer id from /api/layers.' }),
});

export const FeatureIdParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'scenic-sanqingshan', description: 'Feature id.' }),
});

// Response schemas are the contract's, written once in core/api.ts.
export {
  ConfigSchema,
  ContextSchema,
  CountiesSchema,
  ErrorSchema,
  FeatureCollectionSchema,
  FeatureSchema,
  HealthSchema,
  LayersSchema,
  MeasuresSchema,
  StatsSchema,
  TimelineSchema,
} from '../../core/api';
