/** Reads data/ from disk into a validated `Dataset` (the server's only way in to the data). */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Dataset } from '../../core/schema';
import { DatasetError } from './errors';
import { CONTEXT_FILE, COUNTIES_FILE, LAYERS_FILE, MEASURES_FILE, parseDataset, type DatasetFiles, type ParseOptions } from './parse';

export { DatasetError, formatProblem, type DataProblem } from './errors';
export { collectDataset, parseDataset, datasetVersion, type DatasetFiles } from './parse';

async function readOptional(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * Bytes of every file the dataset consists of: the four fixed files plus each layer's GeoJSON.
 * Read as bytes (decoded once each, hashed as they are): reading with an encoding goes through a
 * streaming decoder, and hashing the decoded text encodes it to UTF-8 again.
 */
async function readDatasetBytes(dir: string): Promise<Record<string, Buffer>> {
  const files: Record<string, Buffer> = {};
  for (const rel of [LAYERS_FILE, MEASURES_FILE, COUNTIES_FILE, CONTEXT_FILE]) {
    const bytes = await readOptional(join(dir, rel));
    if (bytes !== undefined) files[rel] = bytes;
  }
  let layers: unknown;
  try {
    layers = JSON.parse(files[LAYERS_FILE]?.toString('utf8') ?? '[]');
  } catch {
    return files; // parseDataset reports the broken JSON
  }
  if (Array.isArray(layers)) {
    for (const l of layers) {
      const rel = l && typeof l === 'object' ? (l as { file?: unknown }).file : undefined;
      if (typeof rel !== 'string' || !/^layers\/[a-z-]+\.geojson$/.test(rel)) continue;
      const bytes = await readOptional(join(dir, rel));
      if (bytes !== undefined) files[rel] = bytes;
    }
  }
  return files;
}

const decode = (bytes: Record<string, Buffer>): DatasetFiles => Object.fromEntries(Object.entries(bytes).map(([rel, b]) => [rel, b.toString('utf8')]));

/**
 * `datasetVersion` of the decoded files, from their bytes: the same hash (the text is hashed as
 * UTF-8, which gives back these bytes), except for a file that is not valid UTF-8, hashed as decoded.
 */
function versionOfBytes(bytes: Record<string, Buffer>): string {
  const hash = createHash('sha256');
  for (const name of Object.keys(bytes).sort()) {
    const b = bytes[name];
    hash.update(name).update('\0');
    if (isUtf8(b)) hash.update(b);
    else hash.update(b.toString('utf8'));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/** Text of every file the dataset consists of: the four fixed files plus each layer's GeoJSON. */
export async function readDatasetFiles(dir: string): Promise<DatasetFiles> {
  return decode(await readDatasetBytes(dir));
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
    const layers: unknown = JSON.parse(layersText.toString('utf8'));
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
  return versionOfBytes(await readDatasetBytes(dir));
}

/**
 * Reads and validates `dir` (layers.json, measures.json, counties.geojson, context.geojson,
 * layers/<id>.geojson). Throws a `DatasetError` naming file, feature id and problem. `trusted`:
 * parse.ts ParseOptions (a release validated before is not checked again).
 */
export async function readDataset(dir: string, options: Pick<ParseOptions, 'trusted'> = {}): Promise<Dataset> {
  let bytes: Record<string, Buffer>;
  try {
    bytes = await readDatasetBytes(dir);
  } catch (e) {
    throw new DatasetError([{ file: dir, problem: `cannot read: ${(e as Error).message}` }]);
  }
  return parseDataset(decode(bytes), { dir, version: versionOfBytes(bytes), trusted: options.trusted });
}
