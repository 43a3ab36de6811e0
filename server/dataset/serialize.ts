/**
 * A Dataset back into the files of data/'s layout (the inverse of parse.ts): what
 * `npm run export` writes and what the embedded store keeps of each data release. Pure.
 */
import type { Dataset } from '../../core/schema';
import { CONTEXT_FILE, COUNTIES_FILE, LAYERS_FILE, MEASURES_FILE, type DatasetFiles } from './parse';

/** One feature per line block, like data/'s files: diffable, readable. */
function featureCollection(features: readonly unknown[]): string {
  return `{\n"type": "FeatureCollection",\n"features": [\n${features.map((f) => JSON.stringify(f, null, 2).replace(/^/gm, '  ')).join(',\n')}\n]\n}\n`;
}

export function serializeDataset(ds: Dataset): DatasetFiles {
  const files: DatasetFiles = {
    [LAYERS_FILE]: `${JSON.stringify(ds.layers, null, 2)}\n`,
    [MEASURES_FILE]: `${JSON.stringify(ds.measures, null, 2)}\n`,
    [COUNTIES_FILE]: featureCollection(ds.counties.map((c) => ({ type: 'Feature', properties: c.properties, geometry: c.geometry }))),
    [CONTEXT_FILE]: featureCollection(ds.context.map((c) => ({ type: 'Feature', properties: c.properties, geometry: c.geometry }))),
  };
  for (const layer of ds.layers) {
    const features = ds.features.filter((f) => f.properties.layer === layer.id).map((f) => ({ type: 'Feature', properties: f.properties, geometry: f.geometry }));
    files[layer.file] = featureCollection(features);
  }
  return files;
}
