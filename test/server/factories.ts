/**
 * Tiny datasets for server tests: two square "counties" side by side (real codes, made-up shapes),
 * a few layers, and features made by small factories.
 */
import type { Feature } from 'geojson';
import type { DataGeometry, Dataset, FeatureProperties, Layer, Measure } from '../../core/schema';

/** 361102 is the square lon 117–118, lat 28–29; 361103 the square lon 118–119, lat 28–29. */
export const WEST = '361102';
export const EAST = '361103';

const square = (minLon: number, minLat: number, maxLon: number, maxLat: number) => ({
  type: 'Polygon' as const,
  coordinates: [[[minLon, minLat], [maxLon, minLat], [maxLon, maxLat], [minLon, maxLat], [minLon, minLat]]],
});

export function layer(id: string, overrides: Partial<Layer> = {}): Layer {
  return {
    id,
    name: `图层${id}`,
    name_en: `Layer ${id}`,
    description: '测试图层',
    description_en: 'Test layer',
    geometry: 'mixed',
    color: '#336699',
    icon: 'dot',
    file: `layers/${id}.geojson`,
    public_properties: ['id', 'name', 'name_en', 'layer', 'measures', 'status', 'clause', 'quote', 'precision', 'outside', 'zone', 'aims', 'location_note', 'location_note_en', 'sources'],
    ...overrides,
  };
}

export function feature(id: string, geometry: DataGeometry, props: Partial<FeatureProperties> = {}): Feature<DataGeometry, FeatureProperties> {
  return {
    type: 'Feature',
    geometry,
    properties: {
      id,
      name: `地点${id}`,
      name_en: `Place ${id}`,
      layer: 'places',
      measures: [4],
      status: 'planned',
      clause: '（四）',
      quote: '支持景区创建',
      precision: 'approximate',
      outside: false,
      aims: [],
      location_note: 'test',
      location_note_en: 'test (en)',
      sources: [],
      ...props,
    },
  };
}

export function measures(): Measure[] {
  return Array.from({ length: 23 }, (_, i) => ({
    id: i + 1,
    section: Math.min(8, Math.floor(i / 3) + 1),
    section_title: `第${i}部分`,
    section_title_en: `Section ${i}`,
    title: `措施${i + 1}`,
    title_en: `Measure ${i + 1}`,
    text: `措施${i + 1}的全文。`,
    departments: ['市发改委'],
    targets:
      i + 1 === 13
        ? [
            {
              id: 'm13-every-county',
              what: '县县通',
              what_en: 'every county',
              value: null,
              unit: '县',
              unit_en: 'counties',
              comparator: 'all' as const,
              year: null,
              scope: '全市',
              scope_en: 'city',
              quote: '县县通',
              tracked_by: { layer: 'pipes', unit: 'counties' as const },
            },
          ]
        : i + 1 === 4
          ? [
              {
                id: 'm4-five-a',
                what: '5A',
                what_en: '5A',
                value: 3,
                unit: '家',
                unit_en: 'areas',
                comparator: 'at_least' as const,
                year: 2025,
                scope: '全市',
                scope_en: 'city',
                quote: '5A',
                tracked_by: { layer: 'places', aim: '5a', unit: 'features' as const },
              },
            ]
          : [],
  }));
}

/** A dataset with a point in each county, a line crossing the border, a polygon over it, one outside. */
export function dataset(extra: Feature<DataGeometry, FeatureProperties>[] = []): Dataset {
  return {
    version: 'test-1',
    layers: [layer('places'), layer('pipes', { geometry: 'line' }), layer('areas', { geometry: 'polygon' })],
    measures: measures(),
    counties: [
      { type: 'Feature', geometry: square(117, 28, 118, 29), properties: { code: WEST, name: '信州区', name_en: 'Xinzhou District' } },
      { type: 'Feature', geometry: square(118, 28, 119, 29), properties: { code: EAST, name: '广丰区', name_en: 'Guangfeng District' } },
    ],
    context: [],
    features: [
      feature('west-point', { type: 'Point', coordinates: [117.5, 28.5] }, { name: '三清山', name_en: 'Sanqingshan', aims: [{ id: '5a', name: '5A', name_en: '5A' }] }),
      feature('east-point', { type: 'Point', coordinates: [118.5, 28.5] }, { status: 'unknown', measures: [4, 16], clause: '（四）' }),
      feature('cross-line', { type: 'LineString', coordinates: [[117.5, 28.5], [118.5, 28.5]] }, { layer: 'pipes', measures: [13], clause: '（十三）', precision: 'approximate' }),
      feature('over-area', square(117.9, 28.1, 118.3, 28.2), { layer: 'areas', measures: [16], clause: '（十六）' }),
      feature('far-point', { type: 'Point', coordinates: [119.5, 26.5] }, { outside: true, measures: [8], clause: '（八）' }),
      ...extra,
    ],
  };
}
