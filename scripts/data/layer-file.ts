/** The text layout of data/layers/<id>.geojson: properties one per line, geometry on one line (small diffs). */
import type { FeatureCollection } from 'geojson';

export function formatLayerFile(fc: FeatureCollection): string {
  const features = fc.features.map((f) => {
    const props = JSON.stringify(f.properties, null, 2).replace(/\n/g, '\n    ');
    return `  {\n    "type": "Feature",\n    "properties": ${props},\n    "geometry": ${JSON.stringify(f.geometry)}\n  }`;
  });
  return `{\n"type": "FeatureCollection",\n"features": [\n${features.join(',\n')}\n]\n}\n`;
}
