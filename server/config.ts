/** Deployment configuration, read once from the environment. */
import { DEFAULT_MISS_LIMITS } from './http/miss-limiter';
import { readImportLimits, type ImportLimits } from './import/limits';

/** Where the server serves the archive of `BASEMAP_PMTILES` (with HTTP range requests). */
export const PMTILES_PATH = '/basemap/tiles.pmtiles';

export interface ServerConfig {
  /** TCP port; `0` picks a free one. Env `PORT`, default 8787. */
  port: number;
  /** Env `HOST`, default 0.0.0.0. */
  host: string;
  /** Directory of the dataset. Env `DATA_DIR`, default `data`. */
  dataDir: string;
  /** The embedded store's state directory (seeded from dataDir on first start). Env `STATE_DIR`, default `state`. */
  stateDir: string;
  /** Built web app. Env `WEB_DIR`, default `dist/web`. */
  webDir: string;
  /** Whether `webDir` is the default (and so may be rebuilt on start). */
  webDirIsDefault: boolean;
  /** Env `SKIP_WEB_BUILD=1`: never build the web app on start. */
  skipWebBuild: boolean;
  /** Origins allowed to frame `/embed`. Env `EMBED_FRAME_ANCESTORS`; default: any (`*`). */
  embedFrameAncestors: string[];
  /** Origins allowed to frame `/` and `/screen` besides our own. Env `APP_FRAME_ANCESTORS`; default none. */
  appFrameAncestors: string[];
  /** Online basemaps a deployment turns on. Env `BASEMAPS=osm,tianditu`; default none (offline). */
  basemaps: ('osm' | 'tianditu')[];
  /** Env `TIANDITU_TOKEN`: browser key for Tianditu tiles. */
  tiandituToken?: string;
  /**
   * The deployer's own basemap, drawn under our layers in every view (at most one of the two):
   * env `BASEMAP_STYLE`, the http(s) URL of a MapLibre style (a city's GeoServer, Martin or 天地图
   * intranet service), or env `BASEMAP_PMTILES`, a local PMTiles v3 archive that this server serves
   * at `/basemap/tiles.pmtiles` and the pages draw with the Protomaps style (server/basemap/).
   */
  basemapStyle?: string;
  basemapPmtiles?: string;
  /** Env `DATABASE_URL=postgres://…`: keep the data in PostgreSQL + PostGIS instead of memory. */
  databaseUrl?: string;
  /**
   * Bounds of uncached API work (server/http/miss-limiter.ts): bodies made at once (env
   * `MISS_CONCURRENCY`, default 2) and uncached ad-hoc queries one client address may have waiting
   * (env `MISS_PER_CLIENT`, default 8; raise it behind a reverse proxy, where clients share an address).
   */
  missLimits: { concurrency: number; perClient: number };
  /**
   * Env `TRUST_PROXY=1`: a TLS-terminating reverse proxy is in front; its X-Forwarded-Proto, -Host
   * and -For are believed (session cookies get Secure behind https, addresses for throttling).
   */
  trustProxy: boolean;
  /** Sessions end after this much idle time (env `SESSION_IDLE_MINUTES`, default 120) and this long after sign-in (env `SESSION_MAX_HOURS`, default 168). */
  session: { idleMinutes: number; maxHours: number };
  /** Bounds on file imports (server/import/limits.ts: IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, …). */
  importLimits: ImportLimits;
  /**
   * Above this many features in all layers together the map views draw from vector tiles
   * (`/tiles/…`) instead of loading every feature as GeoJSON. Env `TILE_THRESHOLD`, default
   * {@link DEFAULT_TILE_THRESHOLD}; 0 = always tiles.
   */
  tileThreshold: number;
}

/**
 * Default of `TILE_THRESHOLD` (README "Large datasets: vector tiles"): measured by bench/threshold.ts
 * (bench/RESULTS.md "Tile threshold"). Above ~25,000 features loading every feature as GeoJSON costs
 * the planner more than 11 of tile mode's slower filter changes, and its first idle passes a minute.
 */
export const DEFAULT_TILE_THRESHOLD = 25_000;

/** An absolute http: or https: URL with a host and no credentials. */
function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && !u.username && !u.password && !/\s/.test(v);
  } catch {
    return false;
  }
}

const list = (v: string | undefined) => (v ?? '').split(/[\s,]+/).filter(Boolean);

/** Parse configuration; throws with a clear message on a malformed value. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 8787 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a whole number from 0 to 65535, not "${env.PORT}".`);
  const basemaps = list(env.BASEMAPS);
  for (const b of basemaps) if (b !== 'osm' && b !== 'tianditu') throw new Error(`BASEMAPS may list osm and tianditu, not "${b}".`);
  for (const o of [...list(env.EMBED_FRAME_ANCESTORS), ...list(env.APP_FRAME_ANCESTORS)])
    if (o !== '*' && !/^https?:\/\/[^\s/;,'"]+$/.test(o)) throw new Error(`Frame ancestors must be origins like https://example.gov.cn, not "${o}".`);
  const basemapStyle = env.BASEMAP_STYLE || undefined;
  if (basemapStyle !== undefined && !isHttpUrl(basemapStyle))
    throw new Error(`BASEMAP_STYLE must be the http(s) URL of a MapLibre style, like https://gis.example.gov.cn/styles/basemap/style.json, not "${basemapStyle.slice(0, 200)}".`);
  const basemapPmtiles = env.BASEMAP_PMTILES || undefined;
  if (basemapStyle && basemapPmtiles)
    throw new Error('Set one of BASEMAP_STYLE (a MapLibre style URL) and BASEMAP_PMTILES (a local .pmtiles file), not both.');
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\/\S+$/.test(databaseUrl))
    throw new Error('DATABASE_URL must be a PostgreSQL URL like postgres://user:password@host:5432/database.');
  const count = (name: string, dflt: number) => {
    const v = env[name];
    if (v === undefined || v === '') return dflt;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new Error(`${name} must be a whole number from 1 to 10000, not "${v}".`);
    return n;
  };
  const missLimits = { concurrency: count('MISS_CONCURRENCY', DEFAULT_MISS_LIMITS.concurrency), perClient: count('MISS_PER_CLIENT', DEFAULT_MISS_LIMITS.perClient) };
  if (env.TRUST_PROXY !== undefined && !['', '0', '1'].includes(env.TRUST_PROXY)) throw new Error(`TRUST_PROXY must be 1 (behind a reverse proxy) or 0, not "${env.TRUST_PROXY}".`);
  const session = { idleMinutes: count('SESSION_IDLE_MINUTES', 120), maxHours: count('SESSION_MAX_HOURS', 168) };
  const rawThreshold = env.TILE_THRESHOLD;
  const tileThreshold = rawThreshold === undefined || rawThreshold === '' ? DEFAULT_TILE_THRESHOLD : Number(rawThreshold);
  if (!/^\d{1,10}$/.test(rawThreshold ?? '0') || !Number.isSafeInteger(tileThreshold))
    throw new Error(`TILE_THRESHOLD must be a whole number of features (0 or more; 0 = always draw from tiles), not "${String(rawThreshold).slice(0, 40)}".`);
  return {
    port,
    host: env.HOST || '0.0.0.0',
    dataDir: env.DATA_DIR || 'data',
    stateDir: env.STATE_DIR || 'state',
    webDir: env.WEB_DIR || 'dist/web',
    webDirIsDefault: !env.WEB_DIR,
    skipWebBuild: env.SKIP_WEB_BUILD === '1',
    embedFrameAncestors: list(env.EMBED_FRAME_ANCESTORS).length ? list(env.EMBED_FRAME_ANCESTORS) : ['*'],
    appFrameAncestors: list(env.APP_FRAME_ANCESTORS),
    basemaps: basemaps as ServerConfig['basemaps'],
    tiandituToken: env.TIANDITU_TOKEN || undefined,
    basemapStyle,
    basemapPmtiles,
    databaseUrl,
    missLimits,
    trustProxy: env.TRUST_PROXY === '1',
    session,
    importLimits: readImportLimits(env),
    tileThreshold,
  };
}

/** The part of the configuration the browser may see (`/api/config`). */
export function publicConfig(cfg: ServerConfig) {
  return {
    basemaps: {
      osm: cfg.basemaps.includes('osm'),
      tianditu: cfg.basemaps.includes('tianditu') && cfg.tiandituToken ? { token: cfg.tiandituToken } : null,
      style: cfg.basemapStyle ?? null,
      pmtiles: cfg.basemapPmtiles ? PMTILES_PATH : null,
    },
    embed: { allowed_origins: cfg.embedFrameAncestors.includes('*') ? [] : cfg.embedFrameAncestors },
    tiles: { threshold: cfg.tileThreshold },
  };
}
