/**
 * Features → one Mapbox Vector Tile (embedded store): @maplibre/geojson-vt cuts and simplifies the
 * tile, @maplibre/vt-pbf writes it. Tiles carry a layer's public scalar fields plus compact filter
 * attributes (below); the long texts (quote, notes, sources, aims) stay in the API.
 */
import { geoJSONToTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';
import type { FeatureCollection } from 'geojson';
import type { ApiFeature } from '../../core/api';
import { MAX_ZOOM, type TileAddress } from './tile-math';

export const EXTENT = 4096;
/** Tile pixels drawn beyond each edge (of 4096), so lines and symbols meet across tiles. */
export const BUFFER = 64;

/** Fields each tile feature carries, with their TileJSON types. */
export const TILE_FIELDS: Record<string, string> = {
  id: 'String: the feature id (as in /api/features/{id})',
  name: 'String: Chinese name',
  name_en: 'String: English name',
  status: 'String: planned, in_progress, completed or unknown',
  precision: 'String: surveyed, approximate or schematic',
  clause: 'String: the clause of the plan',
  zone: 'String: management zone, where there is one',
  outside: 'Boolean: lies outside Shangrao',
  measures: 'String: the measure ids wrapped in commas, e.g. ",4,16," (test with ["in", ",4,", ["get", "measures"]])',
  counties: 'String: the county codes the geometry touches wrapped in commas, e.g. ",361102,361130,"',
};

/** A feature's tile properties: public scalar fields and comma-wrapped lists. */
export function tileProperties(p: ApiFeature['properties']): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {
    id: p.id,
    name: p.name,
    name_en: p.name_en,
    status: p.status,
    precision: p.precision,
    clause: p.clause,
    outside: p.outside,
    measures: `,${p.measures.join(',')},`,
    counties: `,${p.counties.join(',')},`,
  };
  if (p.zone) out.zone = p.zone;
  return out;
}

/** The encoded tile, or null when no feature reaches it. */
export function encodeTile(layer: string, features: ApiFeature[], { z, x, y }: TileAddress): Uint8Array | null {
  if (features.length === 0) return null;
  const fc: FeatureCollection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: tileProperties(f.properties) })),
  };
  const tile = geoJSONToTile(fc, z, x, y, { extent: EXTENT, buffer: BUFFER, clip: true, maxZoom: MAX_ZOOM, tolerance: 3, wrap: false });
  if (!tile || tile.features.length === 0) return null;
  return fromGeojsonVt({ [layer]: tile }, { version: 2, extent: EXTENT });
}
