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
  /** core/match `searchTextOf`: normalised name, English name and id. */
  searchText: string;
  bbox: BBox;
  membership: Membership;
  /** What the API serves: public properties only, plus `counties`. */
  publicFeature: ApiFeature;
  /** `JSON.stringify(publicFeature)`, made once at load; response bodies are assembled from it. */
  publicJson: string;
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

export function toRecord(f: Feature<DataGeometry, FeatureProperties>, layer: Layer, counties: CountyIndex): FeatureRecord {
  const p = f.properties;
  const membership = featureMembership(p, f.geometry, counties);
  const bbox = geometryBbox(f.geometry);
  if (!bbox) throw new Error(`feature "${p.id}": geometry has no coordinates`);
  const publicFeature: ApiFeature = {
    type: 'Feature',
    id: p.id,
    geometry: f.geometry,
    properties: publicPropertiesOf(p, layer, membership.counties),
  };
  return {
    id: p.id,
    layer: p.layer,
    counties: membership.counties,
    measures: p.measures,
    status: p.status,
    precision: p.precision,
    aims: (p.aims ?? []).map((a) => a.id),
    searchText: searchTextOf(p),
    bbox,
    membership,
    publicFeature,
    publicJson: JSON.stringify(publicFeature),
  };
}
