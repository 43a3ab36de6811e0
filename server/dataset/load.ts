/** Reads data/ from disk into a validated `Dataset` (the server's only way in to the data). */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '../../core/schema';
import { DatasetError } from './errors';
import { CONTEXT_FILE, COUNTIES_FILE, LAYERS_FILE, MEASURES_FILE, datasetVersion, parseDataset, type DatasetFiles } from './parse';

export { DatasetError, formatProblem, type DataProblem } from './errors';
export { collectDataset, parseDataset, datasetVersion, type DatasetFiles } from './parse';

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Text of every file the dataset consists of: the four fixed files plus each layer's GeoJSON. */
export async function readDatasetFiles(dir: string): Promise<DatasetFiles> {
  const files: DatasetFiles = {};
  for (const rel of [LAYERS_FILE, MEASURES_FILE, COUNTIES_FILE, CONTEXT_FILE]) {
    const text = await readOptional(join(dir, rel));
    if (text !== undefined) files[rel] = text;
  }
  let layers: unknown;
  try {
    layers = JSON.parse(files[LAYERS_FILE] ?? '[]');
  } catch {
    return files; // parseDataset reports the broken JSON
  }
  if (Array.isArray(layers)) {
    for (const l of layers) {
      const rel = l && typeof l === 'object' ? (l as { file?: unknown }).file : undefined;
      if (typeof rel !== 'string' || !/^layers\/[a-z-]+\.geojson$/.test(rel)) continue;
      const text = await readOptional(join(dir, rel));
      if (text !== undefined) files[rel] = text;
    }
  }
  return files;
}

/**
 * The version of the release in `dir` (the hash `parseDataset` gives it) without parsing the
 * features: a server on a loaded database reads only this to learn whether data/ moved on.
 */
export async function readDatasetVersion(dir: string): Promise<string> {
  return datasetVersion(await readDatasetFiles(dir));
}

/**
 * Reads and validates `dir` (layers.json, measures.json, counties.geojson, context.geojson,
 * layers/<id>.geojson). Throws a `DatasetError` naming file, feature id and problem.
 */
export async function readDataset(dir: string): Promise<Dataset> {
  let files: DatasetFiles;
  try {
    files = await readDatasetFiles(dir);
  } catch (e) {
    throw new DatasetError([{ file: dir, problem: `cannot read: ${(e as Error).message}` }]);
  }
  return parseDataset(files, { dir });
}
