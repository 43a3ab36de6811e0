/**
 * Schemas of the files in data/. Data enters the program only through these, so the rest of
 * the code sees clean, typed values (validate and normalise once, at the boundary).
 * Shared by the server's loader, `npm run data:check` and the web client's types.
 */
import { z } from 'zod';
import { StatusEvidenceSchema } from './changes';
import { LAYER_ID_PATTERN, PRECISIONS, STATUSES } from './contract';

const measureId = z.number().int().min(1).max(23);
const nonEmpty = z.string().trim().min(1);

/** One quantified target a measure states, e.g. measure 2: ≥ 20 green zones and factories by 2025. */
export const TargetSchema = z.strictObject({
  /** Stable id, e.g. `m2-green-zones-and-factories`. */
  id: z.string().regex(/^m\d{1,2}-[a-z0-9-]+$/),
  what: nonEmpty,
  what_en: nonEmpty,
  /** The number the plan states; null where the target is qualitative but dated (e.g. "every village"). */
  value: z.number().nullable(),
  /** Unit as the plan words it: 家, %, 个, 县, … */
  unit: z.string(),
  unit_en: z.string(),
  /** How the value is to be read. */
  comparator: z.enum(['at_least', 'exactly', 'all', 'complete']),
  /**
   * Year by which it is due (end of that year unless the plan says otherwise); null where the plan
   * states no date (e.g. measure 13's 县县通) — never guessed.
   */
  year: z.number().int().min(2021).max(2035).nullable(),
  /** First year of a campaign with a span, e.g. 2021 for 2021–2023. */
  start_year: z.number().int().min(2021).max(2035).optional(),
  scope: nonEmpty,
  scope_en: nonEmpty,
  /** The plan's words that state the target. */
  quote: nonEmpty,
  /**
   * Which mapped features count towards it, if any. Counts come from the data at query time;
   * without a `tracked_by` the target is shown with its figure and "not mapped".
   */
  tracked_by: z
    .strictObject({
      layer: z.string().regex(LAYER_ID_PATTERN),
      /** Only features whose `aims` include this id count (e.g. `5a`). */
      aim: z.string().optional(),
      /** Count distinct counties reached rather than features (e.g. 县县通). */
      unit: z.enum(['features', 'counties']).default('features'),
    })
    .optional(),
});
export type Target = z.infer<typeof TargetSchema>;

export const MeasureSchema = z.strictObject({
  id: measureId,
  /** 1–8 for the plan's sections 一 to 八. */
  section: z.number().int().min(1).max(8),
  section_title: nonEmpty,
  section_title_en: nonEmpty,
  /** The words before the first 。 */
  title: nonEmpty,
  title_en: nonEmpty,
  /** Full text of the measure, without the closing list of departments. */
  text: nonEmpty,
  /** Lead departments as listed; empty where the plan lists none (measure 1). */
  departments: z.array(nonEmpty),
  /**
   * False where the plan ends the list with 等 (“…等按职责分工负责”): the units named are examples of
   * those responsible, each within its remit — not all of them, and not all leads. Absent = not stated.
   */
  departments_exhaustive: z.boolean().optional(),
  targets: z.array(TargetSchema),
});
export type Measure = z.infer<typeof MeasureSchema>;

export const LayerSchema = z.strictObject({
  id: z.string().regex(LAYER_ID_PATTERN),
  name: nonEmpty,
  name_en: nonEmpty,
  description: nonEmpty,
  description_en: nonEmpty,
  geometry: z.enum(['point', 'line', 'polygon', 'mixed']),
  /** Display colour, #rrggbb (no regex flags: the pattern is copied into /api/openapi.json, which has none). */
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
  /** Icon name understood by the web client's icon atlas. */
  icon: nonEmpty,
  /** Path of the layer's GeoJSON, relative to data/. */
  file: z.string().regex(/^layers\/[a-z-]+\.geojson$/),
  /** Feature properties that may leave the server. Anything else stays inside. */
  public_properties: z.array(nonEmpty).min(1),
});
export type Layer = z.infer<typeof LayerSchema>;

/** Something the plan asks of a place, e.g. to become a national 5A scenic area. */
export const AimSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: nonEmpty,
  name_en: nonEmpty,
});
export type Aim = z.infer<typeof AimSchema>;

/**
 * A public source for something a feature says: where it is, that it exists, how its work stands.
 * Title, publisher and date as the source gives them; a link only where one exists.
 */
export const SourceSchema = z.strictObject({
  title: nonEmpty,
  publisher: nonEmpty,
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; null where the source carries no date. */
  date: z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/).nullable(),
  url: z.url().optional(),
  /** What it is a source for. */
  about: z.array(z.enum(['location', 'existence', 'status'])).min(1),
});
export type Source = z.infer<typeof SourceSchema>;

/** Where a feature's position comes from. */
export const LOCATION_SOURCES = ['cited', 'plan', 'none_found'] as const;

/** Properties of a feature as stored in data/layers/*.geojson. */
export const FeaturePropertiesSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  name: nonEmpty,
  name_en: nonEmpty,
  layer: z.string().regex(LAYER_ID_PATTERN),
  measures: z.array(measureId).min(1),
  status: z.enum(STATUSES),
  /** When the current status took effect (YYYY-MM-DD); every status change made by an edit carries it. */
  status_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD').optional(),
  /** The document or report that says so; every status change made by an edit carries it. */
  status_evidence: StatusEvidenceSchema.optional(),
  /** The measure's numeral as printed, e.g. （四）. */
  clause: z.string().regex(/^（[一二三四五六七八九十]+）$/),
  /** The plan's words that name this place. */
  quote: nonEmpty,
  precision: z.enum(PRECISIONS),
  /** True where the place lies outside Shangrao (e.g. a port in Fujian). */
  outside: z.boolean().default(false),
  /** Management zone the feature lies in (docs/contract.md), if any. */
  zone: z.string().optional(),
  /** What the plan asks of this place. */
  aims: z.array(AimSchema).default([]),
  /** How the geometry was placed: which source, what was assumed (Chinese). */
  location_note: nonEmpty,
  /** The same note in English. */
  location_note_en: nonEmpty,
  /** Public sources beyond the plan (a plain string is an older, free-text form). */
  sources: z.array(z.union([nonEmpty, SourceSchema])).default([]),
  /**
   * Where the position comes from: `cited` (a source in `sources` about its location), `plan` (only
   * the plan's own words place it, e.g. the county it names) or `none_found` (no public source for
   * the location was found; the views say so). Required in data/ (`npm run data:check`).
   */
  location_source: z.enum(LOCATION_SOURCES).optional(),
  /**
   * Schematic features only: the counties the plan's words name for it (鄱阳工业园区… → 361128). A
   * schematic feature counts in these counties, never where it happens to be drawn; with none it is
   * "city-wide / location not known".
   */
  plan_counties: z.array(z.string().regex(/^\d{6}$/)).optional(),
  /**
   * The place exists independently of the plan (an airport flying since 2017): since when, on what
   * source (null: no source found). The status still describes the plan's work, not the place.
   */
  existing: z
    .strictObject({
      since: z.number().int().min(1000).max(2100).nullable(),
      source: SourceSchema.nullable(),
    })
    .optional(),
  /** Internal remarks for the data team; never public. */
  internal_note: z.string().optional(),
});
export type FeatureProperties = z.infer<typeof FeaturePropertiesSchema>;

export const CountyPropertiesSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  name: nonEmpty,
  name_en: nonEmpty,
});
export type CountyProperties = z.infer<typeof CountyPropertiesSchema>;

/** Neighbouring prefectures, basemap context only. */
export const ContextPropertiesSchema = z.strictObject({
  name: nonEmpty,
  name_en: nonEmpty,
  province: nonEmpty,
  province_en: nonEmpty,
});
export type ContextProperties = z.infer<typeof ContextPropertiesSchema>;

/** The geometries a feature in data/ may have: RFC 7946 minus GeometryCollection (refused at load). */
export type DataGeometry = Exclude<import('geojson').Geometry, import('geojson').GeometryCollection>;

/**
 * Where the county and neighbour outlines come from (the foreign member `boundaries` of
 * counties.geojson / context.geojson, written by `npm run data:build`), served with them and shown
 * in the map's attribution.
 */
export const BoundariesSchema = z.strictObject({
  source: nonEmpty,
  source_en: nonEmpty,
  licence: nonEmpty,
  licence_en: nonEmpty,
  attribution: nonEmpty,
  datum: z.literal('WGS 84'),
  converted_from: z.enum(['wgs84', 'cgcs2000', 'gcj02', 'bd09']),
  /** True only for an approved map (标准地图 with its 审图号). */
  official: z.boolean(),
  note: nonEmpty,
  note_en: nonEmpty,
});
export type Boundaries = z.infer<typeof BoundariesSchema>;

/** Everything in data/, validated: what the server's store is built from. */
export interface Dataset {
  /** Content hash of the files read: changes whenever the data does. */
  version: string;
  layers: Layer[];
  measures: Measure[];
  counties: import('geojson').Feature<import('geojson').Polygon | import('geojson').MultiPolygon, CountyProperties>[];
  context: import('geojson').Feature<import('geojson').Polygon | import('geojson').MultiPolygon, ContextProperties>[];
  /** Provenance of the county outlines and of the neighbour outlines, where their files state it. */
  boundaries?: { counties?: Boundaries; context?: Boundaries };
  features: import('geojson').Feature<DataGeometry, FeatureProperties>[];
}
