import { describe, expect, it } from 'vitest';
import { EXPORT_FORMATS, exportUrl } from '../../web/src/lib/export-url';

describe('export addresses', () => {
  it('carry the filter, the format and GCJ-02 when asked for', () => {
    const url = new URL(exportUrl({ layers: ['scenic-areas', 'green-parks'], counties: ['361130'], statuses: ['completed'], q: '光伏 园' }, 'xlsx', 'gcj02'), 'http://x');
    expect(url.pathname).toBe('/api/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({ layers: 'scenic-areas,green-parks', county: '361130', status: 'completed', q: '光伏 园', format: 'xlsx', crs: 'gcj02' });
  });

  it('a zipped Shapefile is one of the formats, in GCJ-02 too', () => {
    expect(EXPORT_FORMATS).toContain('shp');
    expect(exportUrl({ measures: [4] }, 'shp', 'gcj02')).toBe('/api/export?measure=4&format=shp&crs=gcj02');
  });

  it('leave WGS 84 (the default) and a map area out', () => {
    expect(exportUrl({ bbox: [117, 28, 118, 29] }, 'geojson', 'wgs84')).toBe('/api/export?format=geojson');
  });
});
