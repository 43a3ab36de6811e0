/**
 * The import preview on the map: one deck.gl GeoJSON layer above the existing features, new
 * features in blue, updates of existing ones in orange (colours also in the panel's legend), each
 * with a white outline so they stand apart from the layers' own colours.
 */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { previewAction } from './model';

export const PREVIEW_COLORS = { create: [21, 101, 192], update: [230, 81, 0], unchanged: [120, 120, 120] } as const;
export const PREVIEW_LAYER_ID = 'import-preview';

type Props = Record<string, unknown>;

export function previewLayer(fc: FeatureCollection<Geometry, Props>): GeoJsonLayer<Props> {
  const color = (f: Feature<Geometry, Props>) => PREVIEW_COLORS[previewAction(f)];
  return new GeoJsonLayer<Props>({
    id: PREVIEW_LAYER_ID,
    data: fc as never,
    pickable: false,
    stroked: true,
    filled: true,
    pointType: 'circle',
    getPointRadius: 7,
    pointRadiusUnits: 'pixels',
    getFillColor: ((f: Feature<Geometry, Props>) => [...color(f), f.geometry.type.includes('Polygon') ? 70 : 230]) as never,
    getLineColor: ((f: Feature<Geometry, Props>) => (f.geometry.type.includes('Point') ? [255, 255, 255, 255] : [...color(f), 255])) as never,
    getLineWidth: ((f: Feature<Geometry, Props>) => (f.geometry.type.includes('Line') ? 4 : 2)) as never,
    lineWidthUnits: 'pixels',
  });
}
