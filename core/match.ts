/**
 * The one filter predicate: whether an item passes the contract's filters. The API (server/store)
 * and the web views (web/src/lib/match.ts) both call `filterMatcher`, so the figures from the
 * server and the counts, list and map in the browser answer the same question the same way.
 *
 * Within one parameter values are alternatives (county=A,B: touches A or B); parameters combine
 * with AND. `q` is a substring of the normalised Chinese name, English name or id.
 */
import type { Status } from './contract';
import type { BBox, Filters } from './filters';

/** What the predicate looks at; server records and browser features both provide it. */
export interface Matchable {
  layer: string;
  /** Codes of the counties the geometry touches. */
  counties: readonly string[];
  measures: readonly number[];
  status: Status;
  /** `searchTextOf(...)` of the item: computed once per item, not per query. */
  searchText: string;
  /** Only read when the filter has a bbox. */
  bbox?: BBox | null;
}

const halfWidth = (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0);

/** Normalise search text: full-width ASCII to half-width, collapse white space, trim, lower-case. */
export function normalizeText(s: string): string {
  return s
    .replace(/[\uFF01-\uFF5E]/g, halfWidth)
    .replace(/\u3000/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/**
 * The text `q` is searched in: the normalised name, English name and id, joined by a newline
 * (normalised search text never contains one, so a match never spans two fields).
 */
export function searchTextOf(p: { id: string; name: string; name_en?: string | null }): string {
  return [p.name, p.name_en ?? '', p.id].map(normalizeText).join('\n');
}

const bboxesMeet = (a: BBox, b: BBox) => a[0] <= b[2] && a[2] >= b[0] && a[1] <= b[3] && a[3] >= b[1];

/**
 * A predicate for `filters`, with the search text normalised once. An item without a bbox never
 * matches a bbox filter.
 */
export function filterMatcher(filters: Filters): (item: Matchable) => boolean {
  const { layers, counties, measures, statuses, bbox } = filters;
  const q = filters.q ? normalizeText(filters.q) : '';
  return (r) => {
    if (layers && !layers.includes(r.layer)) return false;
    if (counties && !r.counties.some((c) => counties.includes(c))) return false;
    if (measures && !r.measures.some((m) => measures.includes(m))) return false;
    if (statuses && !statuses.includes(r.status)) return false;
    if (q && !r.searchText.includes(q)) return false;
    if (bbox && !(r.bbox && bboxesMeet(r.bbox, bbox))) return false;
    return true;
  };
}

type BoxedGeometry = { type: string; coordinates?: unknown; geometries?: unknown[] } | null | undefined;

/** Bounding box of a GeoJSON geometry's coordinates; null for an empty geometry. */
export function geometryBbox(g: BoxedGeometry): BBox | null {
  const b: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  extendByGeometry(b, g);
  return b[0] === Infinity ? null : b;
}

// Module-level helpers rather than closures made per call: this runs once per feature at load.
function extendByGeometry(b: BBox, g: BoxedGeometry): void {
  if (!g) return;
  if (g.type === 'GeometryCollection') for (const x of (g.geometries ?? []) as BoxedGeometry[]) extendByGeometry(b, x);
  else extendByCoordinates(b, g.coordinates);
}

function extendByCoordinates(b: BBox, c: unknown): void {
  if (!Array.isArray(c)) return;
  if (typeof c[0] === 'number') {
    const x = c[0];
    const y = c[1] as number;
    if (x < b[0]) b[0] = x;
    if (x > b[2]) b[2] = x;
    if (y < b[1]) b[1] = y;
    if (y > b[3]) b[3] = y;
    return;
  }
  for (let i = 0; i < c.length; i++) extendByCoordinates(b, c[i]);
}
