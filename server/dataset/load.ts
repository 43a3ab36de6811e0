/** Reads data/ from disk into a validated `Dataset` (the server's only way in to the data). */
import { readFile, stat } from 'node:fs/promises';
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
 * Names, sizes and modification times of the release's files in `dir` (layers.json is read to
 * know the layer files), or undefined when `dir` holds no layers.json. Equal stamps: the files
 * were not touched, so the version need not be computed again.
 */
export async function readDatasetStamp(dir: string): Promise<string | undefined> {
  const layersText = await readOptional(join(dir, LAYERS_FILE));
  if (layersText === undefined) return undefined;
  let rels = [LAYERS_FILE, MEASURES_FILE, COUNTIES_FILE, CONTEXT_FILE];
  try {
    const layers: unknown = JSON.parse(layersText);
    if (Array.isArray(layers)) rels = rels.concat(layers.map((l) => (l && typeof l === 'object' ? (l as { file?: unknown }).file : undefined)).filter((f): f is string => typeof f === 'string'));
  } catch {
    // parseDataset reports it when the release is read
  }
  const parts: [string, number, number][] = [];
  for (const rel of rels.sort()) {
    try {
      const st = await stat(join(dir, rel));
      parts.push([rel, st.size, Math.round(st.mtimeMs)]);
    } catch {
      parts.push([rel, -1, 0]);
    }
  }
  return JSON.stringify(parts);
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
