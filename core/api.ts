/**
 * The HTTP API's JSON bodies, written once as zod schemas (docs/contract.md, "HTTP API"). The
 * TypeScript types below are inferred from them; the server documents its responses in
 * /api/openapi.json with these same schemas, and the tests check real responses against that
 * document. The web views import only the types (`import type`), so zod stays out of the pages.
 */
import { z } from 'zod';
import { STANDINGS } from './deadlines';
import { StatusEvidenceSchema } from './changes';
import { COUNTY_CODES, PRECISIONS, STATUSES } from './contract';
import { AimSchema, BoundariesSchema, LayerSchema, LOCATION_SOURCES, MeasureSchema, SourceSchema, TargetSchema } from './schema';

const count = z.number().int().min(0);
const km = z.number().min(0);
const statusCounts = z.strictObject(Object.fromEntries(STATUSES.map((s) => [s, count])) as Record<(typeof STATUSES)[number], typeof count>);
const precisionCounts = z.strictObject(Object.fromEntries(PRECISIONS.map((p) => [p, count])) as Record<(typeof PRECISIONS)[number], typeof count>);
/** Per layer id: the registry may add layers, so the keys are not fixed here. */
const perLayer = (value: z.ZodNumber, description: string) => z.record(z.string(), value).meta({ description });

// ---- GeoJSON (RFC 7946, WGS 84 longitude/latitude) ----

const Position = z.array(z.number()).min(2).max(3).meta({ description: '[longitude, latitude] in WGS 84 (optionally a height).' });
const Ring = z.array(Position).min(4);

export const PointSchema = z.strictObject({ type: z.literal('Point'), coordinates: Position });
export const MultiPointSchema = z.strictObject({ type: z.literal('MultiPoint'), coordinates: z.array(Position) });
export const LineStringSchema = z.strictObject({ type: z.literal('LineString'), coordinates: z.array(Position).min(2) });
export const MultiLineStringSchema = z.strictObject({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(Position).min(2)) });
export const PolygonSchema = z.strictObject({ type: z.literal('Polygon'), coordinates: z.array(Ring).min(1) });
export const MultiPolygonSchema = z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring).min(1)) });

/** The geometries the data may hold (data loading refuses GeometryCollection). */
export const GeometrySchema = z
  .discriminatedUnion('type', [PointSchema, MultiPointSchema, LineStringSchema, MultiLineStringSchema, PolygonSchema, MultiPolygonSchema])
  .meta({ id: 'Geometry', description: 'RFC 7946 geometry, WGS 84 longitude/latitude.' });
export type ApiGeometry = z.infer<typeof GeometrySchema>;

const AreaSchema = z.discriminatedUnion('type', [PolygonSchema, MultiPolygonSchema]);

// ---- features ----

/** Properties of a feature as the API serves it: the layer's public properties plus derived ones. */
export const PublicFeaturePropertiesSchema = z
  .strictObject({
    id: z.string(),
    name: z.string(),
    name_en: z.string(),
    layer: z.string(),
    measures: z.array(z.number().int().min(1).max(23)),
    status: z.enum(STATUSES),
    status_date: z.string().optional().meta({ description: 'When the status took effect, YYYY-MM-DD (public wherever status is).' }),
    status_evidence: StatusEvidenceSchema.optional().meta({ description: 'What says so (public wherever status is).' }),
    clause: z.string().meta({ example: '（四）' }),
    quote: z.string().meta({ description: 'The plan\'s words that name this place.' }),
    precision: z.enum(PRECISIONS),
    outside: z.boolean().meta({ description: 'True where the place lies outside Shangrao.' }),
    zone: z.string().optional().meta({ description: 'Management zone the feature lies in, if any.' }),
    aims: z.array(AimSchema),
    location_note: z.string().meta({ description: 'How the geometry was placed and what was assumed (Chinese).' }),
    location_note_en: z.string().meta({ description: 'The same note in English.' }),
    sources: z.array(z.union([z.string(), SourceSchema])).meta({ description: 'Public sources beyond the plan: {title, publisher, date, url?, about}; a plain string is an older free-text form.' }),
    location_source: z.enum(LOCATION_SOURCES).optional().meta({ description: 'What the position rests on: cited (a source about the location), plan (the plan\'s words only) or none_found.' }),
    plan_counties: z.array(z.string()).optional().meta({ description: 'Schematic features: the counties the plan names for them.' }),
    existing: z
      .strictObject({ since: z.number().int().nullable(), source: SourceSchema.nullable() })
      .optional()
      .meta({ description: 'The place exists independently of the plan: since when, on what source (null: not found).' }),
    counties: z.array(z.string()).meta({
      description: 'The counties the feature counts in: those its geometry touches, or for a schematic feature those the plan names (none: "city-wide / location not known").',
    }),
  })
  .meta({ description: 'The layer\'s public properties (data/layers.json) plus the derived counties.' });
export type PublicFeatureProperties = z.infer<typeof PublicFeaturePropertiesSchema>;

export const FeatureSchema = z
  .strictObject({ type: z.literal('Feature'), id: z.string(), geometry: GeometrySchema, properties: PublicFeaturePropertiesSchema })
  .meta({ id: 'Feature' });
export type ApiFeature = z.infer<typeof FeatureSchema>;

/** What an `asof` answer stands for (present only when `asof` was asked). */
export const AsOfInfoSchema = z
  .strictObject({
    date: z.string().meta({ description: 'The day asked, YYYY-MM-DD.' }),
    until: z.string().meta({ description: 'The end of that day in Asia/Shanghai (ISO 8601, UTC): change sets recorded before it count.' }),
    change_set: z.number().int().min(0).meta({ description: 'The last change set counted; 0: none, the data as first loaded.' }),
    before_history: z.boolean().meta({
      description: 'The day ends before the history begins: the answer is the data as first loaded (or as of the earliest change set whose versions the store keeps), which may be later than the day.',
    }),
  })
  .meta({ id: 'AsOf', description: 'The data as it stood at the end of a day (`asof`).' });
export type AsOfInfo = z.infer<typeof AsOfInfoSchema>;

export const FeatureCollectionSchema = z
  .strictObject({
    type: z.literal('FeatureCollection'),
    features: z.array(FeatureSchema),
    numberMatched: count.meta({ description: 'Features matching the filter before paging.' }),
    numberReturned: count,
    asof: AsOfInfoSchema.optional(),
  })
  .meta({ id: 'FeatureCollection' });
export type ApiFeatureCollection = z.infer<typeof FeatureCollectionSchema>;

// ---- counties and context ----

export const CountyFeaturePropertiesSchema = z.strictObject({ code: z.string(), name: z.string(), name_en: z.string() });
export type CountyFeatureProperties = z.infer<typeof CountyFeaturePropertiesSchema>;

export const CountiesSchema = z
  .strictObject({
    type: z.literal('FeatureCollection'),
    boundaries: BoundariesSchema.optional().meta({ description: 'Where the outlines come from, under whose terms, in which datum (a GeoJSON foreign member).' }),
    features: z.array(z.strictObject({ type: z.literal('Feature'), id: z.string(), geometry: AreaSchema, properties: CountyFeaturePropertiesSchema })),
  })
  .meta({ id: 'Counties', description: `The county polygons: ${COUNTY_CODES.join(', ')}.` });
export type CountiesResponse = z.infer<typeof CountiesSchema>;

export const ContextFeaturePropertiesSchema = z.strictObject({ name: z.string(), name_en: z.string(), province: z.string(), province_en: z.string() });

export const ContextSchema = z
  .strictObject({
    type: z.literal('FeatureCollection'),
    boundaries: BoundariesSchema.optional().meta({ description: 'Where the outlines come from, under whose terms, in which datum.' }),
    features: z.array(z.strictObject({ type: z.literal('Feature'), geometry: AreaSchema, properties: ContextFeaturePropertiesSchema })),
  })
  .meta({ id: 'Context', description: 'Outlines of the neighbouring prefectures (basemap context only).' });
export type ContextResponse = z.infer<typeof ContextSchema>;

// ---- registry, measures, health, config ----

export const HealthSchema = z
  .strictObject({
    status: z.literal('ok'),
    store: z.strictObject({
      kind: z.string().meta({ description: '`embedded` (the default: on local disk, journalled), `postgis`, or `memory` (read-only, tests and benchmarks).' }),
      features: count,
      layers: count,
      data_version: z.string(),
      loaded_at: z.iso.datetime(),
      postgresql: z.string().optional().meta({ description: 'PostgreSQL server version (PostGIS store only).' }),
      postgis: z.string().optional().meta({ description: 'PostGIS library version (PostGIS store only).' }),
    }),
  })
  .meta({ id: 'Health' });
export type HealthResponse = z.infer<typeof HealthSchema>;

export const LayerInfoSchema = LayerSchema.omit({ file: true, public_properties: true }).extend({ count });
export type LayerInfo = z.infer<typeof LayerInfoSchema>;

export const LayersSchema = z.strictObject({ layers: z.array(LayerInfoSchema) }).meta({ id: 'Layers' });
export type LayersResponse = z.infer<typeof LayersSchema>;

export const MeasuresSchema = z
  .strictObject({ measures: z.array(MeasureSchema) })
  .meta({ id: 'Measures', description: 'The 23 measures: id, section, titles, text, lead departments, targets.' });
export type MeasuresResponse = z.infer<typeof MeasuresSchema>;

export const ConfigSchema = z
  .strictObject({
    basemaps: z.strictObject({
      osm: z.boolean(),
      tianditu: z.strictObject({ token: z.string() }).nullable().meta({ description: 'Set when the deployment turns 天地图 on with a browser key.' }),
      style: z.string().nullable().meta({ description: "The deployment's own basemap as a MapLibre style URL (BASEMAP_STYLE), drawn under the data; null when not set." }),
      pmtiles: z
        .string()
        .nullable()
        .meta({ description: "Path of the deployment's own PMTiles basemap archive on this server (BASEMAP_PMTILES), served with HTTP range requests and drawn with the Protomaps style; null when not set." }),
    }),
    embed: z.strictObject({ allowed_origins: z.array(z.string()).meta({ description: 'Origins allowed to frame /embed; empty = any.' }) }),
    tiles: z.strictObject({
      threshold: count.meta({
        description: 'Above this many features in all layers together (the sum of /api/layers counts) the map views draw from /tiles instead of whole-layer GeoJSON (TILE_THRESHOLD).',
      }),
    }),
  })
  .meta({ id: 'Config', description: 'The deployment options the web views need.' });
export type ConfigResponse = z.infer<typeof ConfigSchema>;

// ---- stats ----

/** The filter as the server understood it (clean values: current county codes, sorted ids). */
export const FiltersSchema = z.strictObject({
  layers: z.array(z.string()).optional().meta({ description: 'Layer ids; absent = all layers.' }),
  counties: z.array(z.string()).optional().meta({ description: 'Current county codes; absent = the whole city.' }),
  measures: z.array(z.number().int().min(1).max(23)).optional(),
  statuses: z.array(z.enum(STATUSES)).optional(),
  q: z.string().optional().meta({ description: 'Text search over Chinese and English names.' }),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).optional().meta({ description: 'minLon, minLat, maxLon, maxLat.' }),
});

export const LayerStatsSchema = z.strictObject({
  id: z.string(),
  count,
  line_km: km.meta({ description: 'Length of line geometry, km (inside the selected counties when a county filter is set). Schematic lines add 0: their drawn length means nothing.' }),
  polygon_km2: km.meta({ description: 'Area of polygon geometry, km² (likewise).' }),
  with_extent: count.meta({
    description: 'Matching features drawn as a line or polygon that is not schematic. The others are points or sketches: their extent is not mapped, so 0 km or km² with with_extent 0 means "unknown", not "none".',
  }),
  by_status: statusCounts,
  by_precision: precisionCounts.meta({ description: 'How exact the matching geometry is: km of schematic lines are lengths of a sketch.' }),
});
export type LayerStats = z.infer<typeof LayerStatsSchema>;

export const CountyStatsSchema = z.strictObject({
  code: z.string(),
  name: z.string(),
  name_en: z.string(),
  count,
  by_layer: perLayer(count, 'Matching features touching this county, per layer id.'),
  line_km: km,
  polygon_km2: km,
  by_layer_line_km: perLayer(km, 'Line km inside this county per layer id.'),
  by_layer_polygon_km2: perLayer(km, 'Polygon km² inside this county per layer id.'),
});
export type CountyStats = z.infer<typeof CountyStatsSchema>;

/** A figure reported on a target (`POST /api/measures/{id}/progress`), with its date and source. */
export const ReportedProgressSchema = z.strictObject({
  value: z.number(),
  as_of: z.string().meta({ description: 'The date the figure describes, YYYY-MM-DD.' }),
  source: z.string().meta({ description: 'The document or report the figure comes from.' }),
  note: z.string().optional(),
  reported_at: z.string().meta({ description: 'When it was recorded (ISO 8601).' }),
  change_set: z.string(),
});
export type ReportedProgress = z.infer<typeof ReportedProgressSchema>;

export const TargetProgressSchema = z.strictObject({
  target: TargetSchema,
  tracked: z.boolean().meta({ description: 'Whether any mapped feature counts towards it (the target has a tracked_by).' }),
  current: count.nullable().meta({ description: 'Features (or counties, per tracked_by.unit) under the filter that work towards it; null if untracked.' }),
  completed: count.nullable().meta({ description: 'Of those, how many have status completed; null if untracked.' }),
  unknown: count.nullable().meta({ description: 'How many of them have status unknown: progress cannot be told for these.' }),
  reported: ReportedProgressSchema.nullable()
    .optional()
    .meta({ description: 'The latest progress report on the target (by as-of date) with its source; null: progress not reported.' }),
  deadline: z.string().nullable().optional().meta({
    description: 'The last day of the target\'s year (YYYY-MM-DD); null where the plan states no year. Present in every /api/stats answer.',
  }),
  standing: z.enum(STANDINGS).optional().meta({
    description:
      'Where the target stands on the day (asof, else today in Asia/Shanghai), from the latest progress report with as_of on or before it (core/deadlines.ts): met (the report reaches the figure; 100, per cent done, where the plan gives none) · missed (deadline passed, the report short of it) · not_reported (deadline passed, no report) · open (deadline not passed) · no_deadline (the plan states no year). Present in every /api/stats answer.',
  }),
});
export type TargetProgress = z.infer<typeof TargetProgressSchema>;

export const MeasureStatsSchema = z.strictObject({
  id: z.number().int().min(1).max(23),
  section: z.number().int().min(1).max(8),
  count: count.meta({ description: 'Features under the filter that serve this measure.' }),
  targets: z.array(TargetProgressSchema),
});
export type MeasureStats = z.infer<typeof MeasureStatsSchema>;

export const StatsSchema = z
  .strictObject({
    filters: FiltersSchema,
    data_version: z.string(),
    totals: z.strictObject({ features: count, line_km: km, polygon_km2: km }),
    by_status: statusCounts,
    layers: z.array(LayerStatsSchema),
    counties: z.array(CountyStatsSchema),
    citywide: z
      .strictObject({ count, by_layer: perLayer(count, 'Per layer id.') })
      .meta({ description: 'Matching features counted in no county: schematic ones whose county the plan does not name ("city-wide / location not known"). Never under a county filter.' }),
    outside: z.strictObject({ count, by_layer: perLayer(count, 'Per layer id.') }).meta({ description: 'Matching features outside the city.' }),
    sections: z.array(z.strictObject({ section: z.number().int().min(1).max(8), count })),
    measures: z.array(MeasureStatsSchema),
    asof: AsOfInfoSchema.optional(),
  })
  .meta({ id: 'Stats', description: 'Figures for the filter: totals, by status, per layer, per county, per section, per measure with its targets.' });
export type StatsResponse = z.infer<typeof StatsSchema>;

// ---- progress over time (GET /api/stats/timeline; core/timeline.ts) ----

export const TimelinePeriodSchema = z.strictObject({
  label: z.string().meta({ description: 'The period: 2025-Q3 (step=quarter) or 2025-07 (step=month).', example: '2025-Q3' }),
  start: z.string().meta({ description: 'Its first day, YYYY-MM-DD.' }),
  end: z.string().meta({ description: 'Its last day (today for the period still running): the counts are the data as it stood at the end of this day (asof).' }),
  partial: z.boolean().meta({ description: 'The period is still running: end is today.' }),
  change_set: z.number().int().min(0).meta({ description: 'The last change set counted at its end; 0: the data as first loaded.' }),
  before_history: z.boolean().meta({ description: 'The period ends before the history begins: its counts are the data as first loaded (the baseline).' }),
  total: count.meta({ description: 'Features under the filter at its end.' }),
  by_status: statusCounts,
});
export type TimelinePeriod = z.infer<typeof TimelinePeriodSchema>;

export const TimelinePointSchema = z.strictObject({
  value: z.number(),
  as_of: z.string().meta({ description: 'The day the figure describes, YYYY-MM-DD.' }),
  source: z.string().meta({ description: 'The document or report the figure comes from.' }),
  note: z.string().optional(),
  reported_at: z.string().meta({ description: 'When it was recorded (ISO 8601).' }),
});

export const TargetSeriesSchema = z.strictObject({
  measure: z.number().int().min(1).max(23),
  target: z.string().meta({ description: 'Target id.' }),
  what: z.string(),
  what_en: z.string(),
  unit: z.string(),
  unit_en: z.string(),
  goal: z.number().meta({ description: 'The figure a report must reach: the plan\'s, or 100 (per cent done) where it states none (goal_stated false).' }),
  goal_stated: z.boolean(),
  deadline: z.string().nullable().meta({ description: 'The last day of the target\'s year; null where the plan states no year.' }),
  points: z.array(TimelinePointSchema).meta({ description: 'The progress reports up to today, oldest as_of first (one per day: the one recorded last). Empty: none reported — nothing is drawn for it.' }),
});
export type TargetSeriesJson = z.infer<typeof TargetSeriesSchema>;

export const TimelineSchema = z
  .strictObject({
    filters: FiltersSchema,
    data_version: z.string(),
    step: z.enum(['month', 'quarter']),
    today: z.string().meta({ description: 'Today in Asia/Shanghai: the last period ends on it.' }),
    history_start: z.string().nullable().meta({ description: 'The day (Asia/Shanghai) of the first change set recorded; null: no change recorded yet.' }),
    periods: z.array(TimelinePeriodSchema).meta({
      description:
        'One per period, oldest first: the one before the history begins (the data as first loaded, before_history true) if the history began after the plan start (2022-01-01), then every period from the history\'s start to today.',
    }),
    targets: z.array(TargetSeriesSchema).meta({ description: 'Every target of the measures under the filter (measure=…; all when absent), with its reported progress.' }),
  })
  .meta({ id: 'Timeline', description: 'Progress over time for the filter: the count by status at the end of each period, and each target\'s reported progress against its goal and deadline.' });
export type TimelineResponse = z.infer<typeof TimelineSchema>;

// ---- errors ----

export const ErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ example: 'bad_parameter' }),
      message: z.string().meta({ description: 'What was wrong and what is allowed.', example: 'Unknown county "999999"; allowed: …' }),
      parameter: z.string().optional().meta({ example: 'county' }),
    }),
  })
  .meta({ id: 'Error' });
export type ApiError = z.infer<typeof ErrorSchema>;
