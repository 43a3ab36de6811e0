import { describe, expect, it } from 'vitest';
import type { CountiesResponse } from '../../core/api';
import { buildBasemapStyle, countyFillColor, onlineBasemap, PALETTES } from '../../web/src/map/style';
import { DEFAULT_CONFIG, parseConfig } from '../../web/src/lib/api';

const counties: CountiesResponse = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', id: '361130', properties: { code: '361130', name: '婺源县', name_en: 'Wuyuan County' }, geometry: { type: 'Polygon', coordinates: [[[117, 29], [118, 29], [118, 30], [117, 29]]] } }],
};

describe('buildBasemapStyle', () => {
  it('is offline by default: only our GeoJSON sources, no glyphs or sprite', () => {
    const s = buildBasemapStyle({ theme: 'light', counties });
    expect(Object.values(s.sources).map((x) => x.type)).toEqual(['geojson', 'geojson']);
    expect(s.glyphs).toBeUndefined();
    expect(s.sprite).toBeUndefined();
    expect(JSON.stringify(s)).not.toMatch(/https?:/);
  });

  it('adds an online raster only when config enables it and it is chosen', () => {
    expect(buildBasemapStyle({ theme: 'light', counties, basemap: 'osm', config: DEFAULT_CONFIG }).sources.online).toBeUndefined();
    const cfg = parseConfig({ basemaps: { osm: true } });
    const s = buildBasemapStyle({ theme: 'light', counties, basemap: 'osm', config: cfg });
    expect(s.sources.online).toMatchObject({ type: 'raster' });
    expect(s.layers[1].id).toBe('online');
  });

  it('needs a token for Tianditu (the shape /api/config sends: {token} or null)', () => {
    expect(onlineBasemap('tianditu', parseConfig({ basemaps: { osm: false, tianditu: null } }))).toBeNull();
    expect(onlineBasemap('tianditu', parseConfig({ basemaps: { osm: false, tianditu: { token: '' } } }))).toBeNull();
    expect(onlineBasemap('tianditu', parseConfig({ basemaps: { osm: false, tianditu: { token: 'k' } } }))?.tiles[0]).toMatch(/tk=k$/);
  });

  it('colours selected counties', () => {
    const expr = countyFillColor('dark', ['361130']);
    expect(expr).toContain(PALETTES.dark.countySelected);
    expect(JSON.stringify(expr)).toContain('361130');
  });
});
