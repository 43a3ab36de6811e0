/** Tiny in-memory datasets for tests: a valid one by default, broken by the caller. */
import type { Feature, Geometry } from 'geojson';

/** A square around [lon, lat] with side 2·r degrees, counter-clockwise. */
export function square(lon: number, lat: number, r = 0.1): [number, number][][] {
  // rounded so that neighbouring squares share their edges exactly
  const q = (x: number) => Math.round(x * 1e6) / 1e6;
  const [w, e, s, n] = [q(lon - r), q(lon + r), q(lat - r), q(lat + r)];
  return [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
}

export function county(code: string, name: string, name_en: string, lon = 117.9, lat = 28.4, r = 0.1): Feature {
  return { type: 'Feature', properties: { code, name, name_en }, geometry: { type: 'Polygon', coordinates: square(lon, lat, r) } };
}

export function measure(id: number, extra: Record<string, unknown> = {}) {
  return {
    id,
    section: 2,
    section_title: '健全绿色低碳循环发展的生产体系',
    section_title_en: 'Production system',
    title: `措施${id}`,
    title_en: `Measure ${id}`,
    text: `措施${id}。`,
    departments: ['市发改委'],
    departments_exhaustive: true,
    targets: [],
    ...extra,
  };
}

export function layer(id: string, geometry = 'point') {
  return {
    id,
    name: id,
    name_en: id,
    description: 'test layer',
    description_en: 'test layer',
    geometry,
    color: '#2a9d8f',
    icon: 'dot',
    file: `layers/${id}.geojson`,
    public_properties: ['id', 'name', 'name_en', 'layer', 'measures', 'status', 'clause', 'quote', 'precision', 'outside', 'aims', 'location_note', 'location_note_en', 'sources'],
  };
}

export function feature(id: string, layerId: string, props: Record<string, unknown> = {}, geometry?: Geometry): Feature {
  return {
    type: 'Feature',
    properties: {
      id,
      name: '测试地点',
      name_en: 'Test place',
      layer: layerId,
      measures: [4],
      status: 'planned',
      clause: '（四）',
      quote: '三清山',
      precision: 'approximate',
      location_note: '测试点',
      location_note_en: 'test point',
      location_source: 'none_found',
      ...props,
    },
    geometry: geometry ?? { type: 'Point', coordinates: [117.9, 28.4] },
  };
}

export interface FixtureParts {
  layers?: unknown[];
  measures?: unknown[];
  counties?: Feature[];
  context?: Feature[];
  features?: Record<string, Feature[]>;
  /** The counties file's provenance member (null: leave it out). */
  boundaries?: Record<string, unknown> | null;
}

/** Provenance as npm run data:build writes it. */
export const BOUNDARIES = {
  source: '测试边界',
  source_en: 'test outlines',
  licence: '测试用',
  licence_en: 'for tests',
  attribution: '测试',
  datum: 'WGS 84',
  converted_from: 'wgs84',
  official: false,
  note: '测试',
  note_en: 'test',
};

/** Relative path → text, ready for parseDataset / writing to a temp dir. */
export function fixtureFiles(parts: FixtureParts = {}): Record<string, string> {
  const layers = parts.layers ?? [layer('scenic-areas')];
  const features = parts.features ?? { 'scenic-areas': [feature('scenic-a', 'scenic-areas')] };
  const files: Record<string, string> = {
    'layers.json': JSON.stringify(layers),
    'measures.json': JSON.stringify(parts.measures ?? [measure(4)]),
    'counties.geojson': JSON.stringify({ type: 'FeatureCollection', ...(parts.boundaries === null ? {} : { boundaries: parts.boundaries ?? BOUNDARIES }), features: parts.counties ?? [county('361102', '信州区', 'Xinzhou District')] }),
    'context.geojson': JSON.stringify({
      type: 'FeatureCollection',
      boundaries: BOUNDARIES,
      features: parts.context ?? [{ type: 'Feature', properties: { name: '衢州市', name_en: 'Quzhou', province: '浙江省', province_en: 'Zhejiang' }, geometry: { type: 'Polygon', coordinates: square(118.8, 28.9) } }],
    }),
  };
  for (const [id, list] of Object.entries(features)) files[`layers/${id}.geojson`] = JSON.stringify({ type: 'FeatureCollection', features: list });
  return files;
}
