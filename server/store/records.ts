/**
 * A feature as the memory store holds it: the public feature served to clients (and its JSON,
 * serialised once at load), plus what queries need precomputed (search text, bbox, membership).
 */
import type { Feature } from 'geojson';
import type { ApiFeature, PublicFeatureProperties } from '../../core/api';
import type { Precision, Status } from '../../core/contract';
import type { BBox } from '../../core/filters';
import { geometryBbox, searchTextOf, type Matchable } from '../../core/match';
import type { DataGeometry, FeatureProperties, Layer } from '../../core/schema';
import type { CountyIndex, Membership } from './membership';
import { featureMembership } from './plan-membership';

export interface FeatureRecord extends Matchable {
  id: string;
  layer: string;
  /** = membership.counties */
  counties: string[];
  measures: number[];
  status: Status;
  precision: Precision;
  aims: string[];
  /** Whether the place lies outside Shangrao (counted in no county). */
  outside: boolean;
  /** The stored feature's geometry (shared with it, not copied). */
  geometry: DataGeometry;
  /** core/match `searchTextOf`: normalised name, English name and id. */
  searchText: string;
  bbox: BBox;
  membership: Membership;
  /** What the API serves: public properties only, plus `counties` — built from the stored feature on each read. */
  readonly publicFeature: ApiFeature;
  /**
   * `JSON.stringify(publicFeature)` as UTF-8, made once at load (or read from the prepared records
   * of the data version, records-cache.ts); response bodies are assembled from it. Bytes rather
   * than a JS string: half the memory for Chinese text, and off the JS heap.
   */
  publicJson: Buffer;
}

/** What a record adds to its feature; kept per data version by records-cache.ts. */
export interface PreparedRecord {
  searchText: string;
  bbox: BBox;
  membership: Membership;
  publicJson: Buffer;
}

class Record implements FeatureRecord {
  readonly id: string;
  readonly layer: string;
  readonly counties: string[];
  readonly measures: number[];
  readonly status: Status;
  readonly precision: Precision;
  readonly aims: string[];
  readonly outside: boolean;
  readonly geometry: DataGeometry;
  readonly searchText: string;
  readonly bbox: BBox;
  readonly membership: Membership;
  readonly publicJson: Buffer;

  constructor(
    private readonly properties: FeatureProperties,
    geometry: DataGeometry,
    private readonly layerDef: Layer,
    prepared: PreparedRecord,
  ) {
    const p = properties;
    this.id = p.id;
    this.layer = p.layer;
    this.counties = prepared.membership.counties;
    this.measures = p.measures;
    this.status = p.status;
    this.precision = p.precision;
    this.aims = (p.aims ?? []).map((a) => a.id);
    this.outside = p.outside ?? false;
    this.geometry = geometry;
    this.searchText = prepared.searchText;
    this.bbox = prepared.bbox;
    this.membership = prepared.membership;
    this.publicJson = prepared.publicJson;
  }

  get publicFeature(): ApiFeature {
    return publicFeatureOf(this.properties, this.geometry, this.layerDef, this.counties);
  }
}

function publicFeatureOf(p: FeatureProperties, geometry: DataGeometry, layer: Layer, counties: string[]): ApiFeature {
  return { type: 'Feature', id: p.id, geometry, properties: publicPropertiesOf(p, layer, counties) };
}

/** A status's date and evidence are as public as the status they qualify. */
const STATUS_COMPANIONS = ['status_date', 'status_evidence'];

/** The property names that may leave the server for a layer. */
export function publicKeys(layer: Layer): string[] {
  return layer.public_properties.includes('status') ? [...layer.public_properties, ...STATUS_COMPANIONS] : layer.public_properties;
}

/**
 * The properties the API serves: those the layer declares public, plus the derived `counties`.
 * The dataset loader has checked the layer's list (core/public-properties), so every required
 * property is declared; `zone` is the one that may be left out.
 */
export function publicPropertiesOf(p: FeatureProperties, layer: Layer, counties: string[]): PublicFeatureProperties {
  const out: PublicFeatureProperties = {
    id: p.id,
    name: p.name,
    name_en: p.name_en,
    layer: p.layer,
    measures: p.measures,
    status: p.status,
    clause: p.clause,
    quote: p.quote,
    precision: p.precision,
    outside: p.outside,
    aims: p.aims,
    location_note: p.location_note,
    location_note_en: p.location_note_en,
    sources: p.sources,
    counties,
  };
  if (p.zone !== undefined && layer.public_properties.includes('zone')) out.zone = p.zone;
  // A status's date and evidence are as public as the status they qualify (always, as status is required).
  if (p.status_date !== undefined) out.status_date = p.status_date;
  if (p.status_evidence !== undefined) out.status_evidence = p.status_evidence;
  return out;
}

/**
 * One membership object for every feature without length or area in the same counties (points,
 * schematic sketches: most features), instead of one each (two arrays and two maps): memberships
 * are read-only once built. At most one per set of counties (2^12).
 */
const pointMemberships = new Map<string, Membership>();
export function sharedMembership(m: Membership): Membership {
  if (m.km !== 0 || m.km2 !== 0) return m;
  for (const _ in m.kmByCounty) return m;
  for (const _ in m.km2ByCounty) return m;
  const key = m.counties.join(',');
  const same = pointMemberships.get(key);
  if (same) return same;
  pointMemberships.set(key, m);
  return m;
}

/** Build a feature's record: its membership, box, search text and public JSON. */
export function toRecord(f: Feature<DataGeometry, FeatureProperties>, layer: Layer, counties: CountyIndex): FeatureRecord {
  const p = f.properties;
  const membership = sharedMembership(featureMembership(p, f.geometry, counties));
  const bbox = geometryBbox(f.geometry);
  if (!bbox) throw new Error(`feature "${p.id}": geometry has no coordinates`);
  const publicJson = Buffer.from(JSON.stringify(publicFeatureOf(p, f.geometry, layer, membership.counties)));
  return new Record(p, f.geometry, layer, { searchText: searchTextOf(p), bbox, membership, publicJson });
}

/** A feature's record from what was prepared for it (the same feature, layer and county outlines). */
export function recordFrom(f: Feature<DataGeometry, FeatureProperties>, layer: Layer, prepared: PreparedRecord): FeatureRecord {
  return new Record(f.properties, f.geometry, layer, prepared);
}
