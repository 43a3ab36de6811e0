/**
 * Addresses of the server's file exports (GET /api/export): the planner's filter (layers, county,
 * measure, status, q — the page's own URL parameters) with a format and the coordinates, WGS 84 or
 * GCJ-02 for 高德/百度 maps. The server writes the file; these files read back through the import.
 */
import { serializeFilters, type Filters } from '../../../core/filters';

/** Formats GET /api/export writes. */
export const EXPORT_FORMATS = ['geojson', 'csv', 'xlsx', 'shp'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportCrs = 'wgs84' | 'gcj02';

export function exportUrl(filters: Filters, format: ExportFormat, crs: ExportCrs): string {
  const p = serializeFilters({ ...filters, bbox: undefined });
  p.set('format', format);
  if (crs !== 'wgs84') p.set('crs', crs);
  return `/api/export?${p}`;
}
