/** The deployment's own basemap (web/src/map/own-basemap.ts): when it is drawn, and a style turned into a part of ours. */
import type { StyleSpecification } from 'maplibre-gl';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../web/src/lib/api';
import { ownBasemapShown, placeholderImage, resolveUrl, styleToPart } from '../../web/src/map/own-basemap';
import { buildBasemapStyle } from '../../web/src/map/style';
import type { CountiesResponse } from '../../core/api';

const counties: CountiesResponse = { type: 'FeatureCollection', features: [] };
const withStyle = parseConfig({ basemaps: { osm: true, tianditu: null, style: 'https://gis.example.gov.cn/styles/city/style.json', pmtiles: null } });
const withArchive = parseConfig({ basemaps: { osm: false, tianditu: null, style: null, pmtiles: '/basemap/tiles.pmtiles' } });

describe('ownBasemapShown', () => {
  it('draws the deployment basemap under the default choice only, never with an online raster', () => {
    expect(ownBasemapShown('none', withStyle)).toEqual({ kind: 'style', url: 'https://gis.example.gov.cn/styles/city/style.json' });
    expect(ownBasemapShown(undefined, withArchive)).toEqual({ kind: 'pmtiles', url: '/basemap/tiles.pmtiles' });
    expect(ownBasemapShown('osm', withStyle)).toBeNull();
    expect(ownBasemapShown('none', parseConfig({ basemaps: { osm: false } }))).toBeNull();
    expect(ownBasemapShown('none', undefined)).toBeNull();
  });

  it('makes the counties see-through over it', () => {
    const fillOpacity = (s: StyleSpecification) => (s.layers.find((l) => l.id === 'county-fill') as { paint: Record<string, unknown> }).paint['fill-opacity'];
    expect(fillOpacity(buildBasemapStyle({ theme: 'light', counties, config: withArchive }))).toBe(0.35);
    expect(fillOpacity(buildBasemapStyle({ theme: 'light', counties }))).toBe(1);
  });

  it('reads only well-formed values from /api/config', () => {
    expect(parseConfig({ basemaps: { style: 'javascript:alert(1)' } }).basemaps.own).toBeNull();
    expect(parseConfig({ basemaps: { pmtiles: 'https://elsewhere.example/x.pmtiles' } }).basemaps.own).toBeNull();
  });
});

describe('styleToPart', () => {
  const style: StyleSpecification = {
    version: 8,
    glyphs: '../fonts/{fontstack}/{range}.pbf',
    sprite: '/sprites/city',
    sources: {
      streets: { type: 'vector', tiles: ['tiles/{z}/{x}/{y}.pbf'], maxzoom: 14 },
      tj: { type: 'vector', url: 'https://tiles.example.gov.cn/streets.json' },
      img: { type: 'raster', tiles: ['pmtiles://x/{z}'] },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#eee' } },
      { id: 'roads', type: 'line', source: 'streets', 'source-layer': 'roads' },
    ],
  };
  const part = styleToPart(style, 'https://gis.example.gov.cn/styles/city/style.json');

  it('prefixes source and layer ids and keeps the source-layer', () => {
    expect(Object.keys(part.sources)).toEqual(['own-streets', 'own-tj', 'own-img']);
    expect(part.layers.map((l) => l.id)).toEqual(['own-background', 'own-roads']);
    expect(part.layers[1]).toMatchObject({ source: 'own-streets', 'source-layer': 'roads' });
  });

  it('resolves relative URLs against the style, keeping {z}/{x}/{y} and other schemes', () => {
    expect(part.sources['own-streets']).toMatchObject({ tiles: ['https://gis.example.gov.cn/styles/city/tiles/{z}/{x}/{y}.pbf'] });
    expect(part.sources['own-tj']).toMatchObject({ url: 'https://tiles.example.gov.cn/streets.json' });
    expect(part.sources['own-img']).toMatchObject({ tiles: ['pmtiles://x/{z}'] });
    expect(part.glyphs).toBe('https://gis.example.gov.cn/styles/fonts/{fontstack}/{range}.pbf');
    expect(part.sprite).toBe('https://gis.example.gov.cn/sprites/city');
    expect(resolveUrl('a/{z}.png', 'http://h:8080/s/style.json')).toBe('http://h:8080/s/a/{z}.png');
  });
});

describe('placeholderImage', () => {
  it('draws a dot for town spots and nothing for other icons', () => {
    const dot = placeholderImage('townspot', 'light');
    expect([dot.width, dot.height]).toEqual([9, 9]);
    expect(dot.data.some((v, i) => i % 4 === 3 && v === 255)).toBe(true);
    const blank = placeholderImage('restaurant', 'light');
    expect([blank.width, blank.height, ...blank.data]).toEqual([1, 1, 0, 0, 0, 0]);
  });
});
