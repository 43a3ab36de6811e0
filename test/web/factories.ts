/** Tiny fixtures for web unit tests. */
import type { ApiFeature, ApiGeometry, LayerInfo } from '../../core/api';

export function feature(over: Partial<ApiFeature['properties']> = {}, geometry: ApiGeometry = { type: 'Point', coordinates: [117.86, 29.25] }): ApiFeature {
  return {
    type: 'Feature',
    id: over.id ?? 'scenic-huangling',
    geometry,
    properties: {
      id: 'scenic-huangling',
      name: '篁岭',
      name_en: 'Huangling',
      layer: 'scenic-areas',
      measures: [4],
      status: 'planned',
      clause: '（四）',
      quote: '篁岭',
      precision: 'approximate',
      outside: false,
      aims: [],
      location_note: 'test',
      location_note_en: 'test (en)',
      sources: [],
      counties: ['361130'],
      ...over,
    },
  };
}

export function layer(over: Partial<LayerInfo> = {}): LayerInfo {
  return {
    id: 'scenic-areas',
    name: '景区',
    name_en: 'Scenic areas',
    description: '景区',
    description_en: 'Scenic areas',
    geometry: 'point',
    color: '#2e7d32',
    icon: 'mountain',
    count: 1,
    ...over,
  } as LayerInfo;
}
