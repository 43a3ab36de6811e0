/**
 * The data release a state directory last took in, kept as files in data/'s layout
 * (`release-<version>/`): the base of the three-way merge when the next release arrives. Written
 * to a temporary directory, each file synced, then renamed into place and the directory synced.
 */
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Dataset } from '../../../core/schema';
import { readDataset } from '../../dataset/load';
import { CONTEXT_FILE, COUNTIES_FILE, LAYERS_FILE, MEASURES_FILE } from '../../dataset/parse';
import { serializeDataset } from '../../dataset/serialize';
import { syncDir } from './journal';

export const releaseDirName = (version: string) => `release-${version.replace(/[^A-Za-z0-9_.+-]/g, '_')}`;

/** Write `files` (relative path → text) under `dir`, syncing each file and directory. */
export function writeFilesDurably(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    const path = join(dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(path, 'w');
    try {
      const buf = Buffer.from(text);
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  for (const sub of new Set(Object.keys(files).map((rel) => dirname(join(dir, rel))))) syncDir(sub);
  syncDir(dir);
}

/**
 * Keep `dataset` as the state's release. With `dataDir` (the server) its files are copied as they
 * are; without (tests) the dataset is serialised.
 */
export function writeRelease(stateDir: string, dataset: Dataset, dataDir?: string): void {
  const name = releaseDirName(dataset.version);
  const tmp = join(stateDir, `${name}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  if (dataDir) {
    const files = [LAYERS_FILE, MEASURES_FILE, COUNTIES_FILE, CONTEXT_FILE, ...dataset.layers.map((l) => l.file)];
    for (const rel of files) {
      mkdirSync(dirname(join(tmp, rel)), { recursive: true });
      copyFileSync(join(dataDir, rel), join(tmp, rel));
      const fd = openSync(join(tmp, rel), 'r');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    }
    for (const sub of new Set(files.map((rel) => dirname(join(tmp, rel))))) syncDir(sub);
  } else writeFilesDurably(tmp, serializeDataset(dataset));
  rmSync(join(stateDir, name), { recursive: true, force: true });
  renameSync(tmp, join(stateDir, name));
  syncDir(stateDir);
}

/**
 * Whether the state directory holds release `version` (it took that release in, after validating
 * it): the server then does not validate the same files again at start (dataset/parse.ts `trusted`).
 */
export const holdsRelease = (stateDir: string, version: string): boolean => existsSync(join(stateDir, releaseDirName(version)));

export async function readRelease(stateDir: string, version: string): Promise<Dataset> {
  const dir = join(stateDir, releaseDirName(version));
  if (!existsSync(dir)) throw new Error(`${dir} is missing: the state directory lacks the data release it last took in; restore it from a backup`);
  return readDataset(dir);
}

/** Remove release directories other than `keep` (after a snapshot names `keep`). */
export function pruneReleases(stateDir: string, keep: string): void {
  for (const name of readdirSync(stateDir)) if (name.startsWith('release-') && name !== releaseDirName(keep)) rmSync(join(stateDir, name), { recursive: true, force: true });
}
