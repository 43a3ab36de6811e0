/**
 * A feature as the memory store holds it: the public feature served to clients, plus what queries
 * need precomputed (search text, bbox, membership).
 */
import { bbox as turfBbox } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import type { ApiFeature, PublicFeatureProperties } from '../../core/api';
import type { Precision, Status } from '../../core/contract';
import type { FeatureProperties, Layer } from '../../core/schema';
import type { CountyIndex, Membership } from './membership';

export interface FeatureRecord {
  id: string;
  layer: string;
  measures: number[];
  status: Status;
  precision: Precision;
  aims: string[];
  /** Lowercase name + English name, for text search. */
  searchText: string;
  bbox: [number, number, number, number];
  membership: Membership;
  /** What the API serves: public properties only, plus `counties`. */
  publicFeature: ApiFeature;
}

/** A status's date and evidence are as public as the status they qualify. */
const STATUS_COMPANIONS = ['status_date', 'status_evidence'];

/** The property names that may leave the server for a layer. */
export function publicKeys(layer: Layer): string[] {
  return layer.public_properties.includes('status') ? [...layer.public_properties, ...STATUS_COMPANIONS] : layer.public_properties;
}

/** Keep only the properties the layer declares public; add the derived `counties`. */
export function publicPropertiesOf(props: FeatureProperties, layer: Layer, counties: string[]): PublicFeatureProperties {
  const out: Record<string, unknown> = {};
  for (const key of publicKeys(layer)) {
    if (key === 'counties') continue;
    const v = (props as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = v;
  }
  out.counties = counties;
  return out as unknown as PublicFeatureProperties;
}

export function toRecord(f: Feature<Geometry, FeatureProperties>, layer: Layer, counties: CountyIndex): FeatureRecord {
  const p = f.properties;
  const membership = p.outside ? { counties: [], kmByCounty: {}, km2ByCounty: {}, ...wholeSize(counties, f.geometry) } : counties.membershipOf(f.geometry);
  return {
    id: p.id,
    layer: p.layer,
    measures: p.measures,
    status: p.status,
    precision: p.precision,
    aims: (p.aims ?? []).map((a) => a.id),
    searchText: `${p.name}\u0000${p.name_en}`.toLowerCase(),
    bbox: turfBbox(f) as [number, number, number, number],
    membership,
    publicFeature: {
      type: 'Feature',
      id: p.id,
      geometry: f.geometry,
      properties: publicPropertiesOf(p, layer, membership.counties),
    },
  };
}

function wholeSize(index: CountyIndex, g: Geometry): { km: number; km2: number } {
  const m = index.membershipOf(g);
  return { km: m.km, km2: m.km2 };
}
