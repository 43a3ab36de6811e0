/**
 * Tile mode (issue 18): above the server's threshold (`/api/config` → `tiles.threshold`, env
 * `TILE_THRESHOLD`) the views draw every layer from `/tiles/{layer}/{z}/{x}/{y}.mvt` and ask the API
 * for lists and figures, instead of holding every feature in the page. Pure functions only.
 */
import type { ApiFeature } from '../../../core/api';
import { serializeFilters, type Filters } from '../../../core/filters';

/** Whether a dataset of these layers is drawn from vector tiles: more features in all than the threshold. */
export function drawsFromTiles(layers: readonly { count: number }[], threshold: number): boolean {
  return layers.reduce((n, l) => n + l.count, 0) > threshold;
}

/**
 * The tile URL template of a layer for the filter: the server filters (county, measure, status,
 * name search, asof) before it thins a dense tile, so what a thinned tile shows is a sample of the
 * matching features, never of features a filter in the page would then hide.
 */
export function tileUrl(layerId: string, filters: Filters, asof?: string, origin = ''): string {
  const p = serializeFilters({ counties: filters.counties, measures: filters.measures, statuses: filters.statuses, q: filters.q });
  if (asof) p.set('asof', asof);
  const q = p.toString().replace(/%2C/gi, ',');
  return `${origin}/tiles/${encodeURIComponent(layerId)}/{z}/{x}/{y}.mvt${q ? `?${q}` : ''}`;
}

/** A comma-wrapped list of a tile field (",4,16,") as its items. */
export function splitWrapped(v: unknown): string[] {
  return typeof v === 'string' ? v.split(',').filter(Boolean) : [];
}

/**
 * A tile feature's properties (server/tiles/mvt.ts TILE_FIELDS) as much of an API feature as the
 * tooltip and the click need: id, names, layer, status, precision, measures, counties. The rest
 * (quote, sources, geometry in full) comes from `/api/features/{id}` when it is selected.
 */
export function tileFeature(props: Record<string, unknown>, layerId: string): ApiFeature {
  return {
    type: 'Feature',
    id: String(props.id),
    geometry: { type: 'Point', coordinates: [0, 0] },
    properties: {
      id: String(props.id),
      name: String(props.name ?? ''),
      name_en: String(props.name_en ?? ''),
      layer: layerId,
      status: props.status,
      precision: props.precision,
      clause: String(props.clause ?? ''),
      outside: props.outside === true || props.outside === 'true',
      ...(typeof props.zone === 'string' ? { zone: props.zone } : {}),
      measures: splitWrapped(props.measures).map(Number),
      counties: splitWrapped(props.counties),
      quote: '',
      aims: [],
      location_note: '',
      location_note_en: '',
      sources: [],
    },
  } as ApiFeature;
}

/** One layer's share of the results: how many match (from the server) and the rows loaded so far. */
export interface LayerRows {
  layer: string;
  matched: number;
  rows: ApiFeature[];
}

/**
 * The page requests that bring the list (layers in registry order, each layer's rows in the
 * server's order) up to `want` rows: for each layer still short of it, the offset it has reached
 * and how many more it needs. Layers not yet asked (matched unknown) come after the known ones
 * run out; the caller asks them with offset 0.
 */
export function pagesFor(layers: readonly LayerRows[], want: number): { layer: string; offset: number; limit: number }[] {
  const out: { layer: string; offset: number; limit: number }[] = [];
  let have = 0;
  for (const l of layers) {
    if (have >= want) break;
    const need = Math.min(want - have, l.matched) - l.rows.length;
    if (need > 0) out.push({ layer: l.layer, offset: l.rows.length, limit: need });
    have += Math.min(l.matched, want - have);
  }
  return out;
}

/** The rows of the list so far, in order, and the total matched over all layers. */
export function listOf(layers: readonly LayerRows[]): { rows: ApiFeature[]; total: number } {
  return { rows: layers.flatMap((l) => l.rows), total: layers.reduce((n, l) => n + l.matched, 0) };
}
