import { availableParallelism } from 'node:os';

/**
 * Bounds on what one import may cost, from the environment (defaults in README "Importing data").
 * A file beyond any of them is refused with a 4xx naming the limit; nothing is written.
 */
export interface ImportLimits {
  /** Largest upload, bytes. Env IMPORT_MAX_BYTES, default 50 MB. */
  maxBytes: number;
  /** Most rows / features in one file. Env IMPORT_MAX_ROWS, default 200 000. */
  maxRows: number;
  /** Most entries in a .zip / .kmz. Env IMPORT_MAX_ZIP_ENTRIES, default 1 000. */
  maxZipEntries: number;
  /** Most bytes a .zip / .kmz / .xlsx may unpack to. Env IMPORT_MAX_UNZIPPED_BYTES, default 500 MB. */
  maxUnzippedBytes: number;
  /** Highest ratio of unpacked to packed size of any entry. Env IMPORT_MAX_ZIP_RATIO, default 200. */
  maxZipRatio: number;
  /** How long a preview waits to be applied, seconds. Env IMPORT_PREVIEW_TTL_SECONDS, default 3600. */
  previewTtlSeconds: number;
  /** Previews one account may hold at once (the oldest is dropped). Env IMPORT_PREVIEWS_PER_USER, default 4. */
  previewsPerUser: number;
  /** Worker threads that parse and check uploads (server/import/pool.ts). Env IMPORT_WORKERS, default one per spare CPU, 1–2. */
  workers: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxRows: 200_000,
  maxZipEntries: 1000,
  maxUnzippedBytes: 500 * 1024 * 1024,
  maxZipRatio: 200,
  previewTtlSeconds: 3600,
  previewsPerUser: 4,
  workers: Math.max(1, Math.min(2, availableParallelism() - 1)),
};

const ENV: Record<keyof ImportLimits, string> = {
  maxBytes: 'IMPORT_MAX_BYTES',
  maxRows: 'IMPORT_MAX_ROWS',
  maxZipEntries: 'IMPORT_MAX_ZIP_ENTRIES',
  maxUnzippedBytes: 'IMPORT_MAX_UNZIPPED_BYTES',
  maxZipRatio: 'IMPORT_MAX_ZIP_RATIO',
  previewTtlSeconds: 'IMPORT_PREVIEW_TTL_SECONDS',
  previewsPerUser: 'IMPORT_PREVIEWS_PER_USER',
  workers: 'IMPORT_WORKERS',
};

/** Limits from `env`; a value that is not a positive whole number is refused, naming the variable. */
export function readImportLimits(env: NodeJS.ProcessEnv): ImportLimits {
  const out = { ...DEFAULT_IMPORT_LIMITS };
  for (const key of Object.keys(ENV) as (keyof ImportLimits)[]) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,12}$/.test(raw) || Number(raw) < 1) throw new Error(`${ENV[key]} must be a whole number of at least 1, not "${raw.slice(0, 40)}".`);
    out[key] = Number(raw);
  }
  return out;
}
