// @ts-check
/**
 * `npm start`: run the server (server/main.ts) compiled once to plain JavaScript with esbuild and
 * cached in node_modules/.cache/sgm-server/<key>/, rebuilt only when one of the files it was built
 * from changed. Loading ~200 TypeScript modules through tsx cost 1.4–1.6 s CPU at every start
 * (bench/RESULTS-startup.md); a cached bundle loads with plain Node in a fraction of that.
 *
 * The key is a SHA-256 over the contents of every source file esbuild read (its metafile's inputs),
 * the files the server reads beside its code (ASSETS), esbuild's version and this file's build
 * options. At start the inputs of the last build are hashed again (~200 small files, a few ms): the
 * same key runs that bundle; another (an edited, added or removed import) builds anew. Packages stay
 * external and resolve from node_modules as before, so `npm install` needs no rebuild.
 *
 * Plain JavaScript on purpose: Node 20 cannot run TypeScript itself, and starting tsx to run this
 * launcher would bring back the cost it removes. scripts/build-server.ts (`npm run build`) uses the
 * same `buildServer` for the production bundle.
 *
 *   node scripts/start.mjs        # what `npm start` runs; SGM_SERVER_CACHE moves the cache
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(import.meta.dirname, '..');

/** Files the server reads next to its code (`new URL(…, import.meta.url)`, `import.meta.dirname`): copied beside the bundle. */
export const ASSETS = /** @type {const} */ ([
  ['server/ogc/cql2.peggy', 'cql2.peggy'],
  ['server/store/postgis/migrations', 'migrations'],
]);

/** Bumped when the build options below change, so an old cache is never taken for a new one. */
const FORMAT = 2;
/** How many older builds stay in the cache (a server still running may load its import worker from one). */
const KEEP_OLD = 2;

/**
 * Bundle `entry` (and the import's worker thread, server/import/worker.ts, as import-worker.js
 * beside it: server/import/pool.ts looks there) from `root` into `outDir`, packages external, with
 * the ASSETS copied beside; code both share and code behind a dynamic import() in chunks beside them. Returns
 * the source files read (those of every chunk), relative to `root`.
 * @param {{ root: string, entry: string, outDir: string }} o
 * @returns {Promise<string[]>}
 */
export async function buildServer({ root, entry, outDir }) {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [
      { in: resolve(root, entry), out: 'main' },
      { in: resolve(root, 'server/import/worker.ts'), out: 'import-worker' },
    ],
    outdir: outDir,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    // Code behind a dynamic import() (PostgreSQL, the import/export format parsers) goes into chunks
    // loaded on first use: without splitting esbuild inlines it and hoists its package imports to the
    // top of main.js, so every start would load them. Chunks sit beside main.js in the same build
    // directory (not a subdirectory: `import.meta.url` in a chunk must find the ASSETS and
    // import-worker.js there too), which is renamed into place whole: a key covers every chunk.
    splitting: true,
    target: 'node20.19',
    sourcemap: true,
    metafile: true,
    logLevel: 'warning',
  });
  for (const [from, to] of ASSETS) if (existsSync(resolve(root, from))) cpSync(resolve(root, from), resolve(outDir, to), { recursive: true });
  return Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules/')).sort();
}

/** Every file under `path` (or `path` itself), relative to `root`, sorted. */
function filesUnder(root, path) {
  const abs = resolve(root, path);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [path];
  return readdirSync(abs).sort().flatMap((e) => filesUnder(root, join(path, e)));
}

/**
 * The cache key of a build from `inputs` (paths relative to `root`), or undefined when one of them
 * is gone (an import was removed or renamed: build again).
 * @param {string} root
 * @param {string[]} inputs
 * @param {string} entry
 */
export function buildKey(root, inputs, entry) {
  const { version } = JSON.parse(readFileSync(resolve(root, 'node_modules/esbuild/package.json'), 'utf8'));
  const hash = createHash('sha256').update(`format ${FORMAT} esbuild ${version} entry ${entry}\n`);
  for (const f of [...inputs, ...ASSETS.flatMap(([from]) => filesUnder(root, from))]) {
    let bytes;
    try {
      bytes = readFileSync(resolve(root, f));
    } catch {
      return undefined;
    }
    hash.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex').slice(0, 20);
}

/**
 * The compiled server for `entry` of `root`: the cached bundle when none of its sources changed,
 * otherwise a new build (then cached). Concurrent starts are safe: each builds into its own
 * temporary directory and renames it into place.
 * @param {{ root?: string, entry?: string, cacheDir?: string, log?: (line: string) => void }} [o]
 * @returns {Promise<{ main: string, key: string, built: boolean }>}
 */
export async function ensureServerBuild({ root = ROOT, entry = 'server/main.ts', cacheDir = process.env.SGM_SERVER_CACHE || join(root, 'node_modules/.cache/sgm-server'), log = () => {} } = {}) {
  const manifest = join(cacheDir, `${entry.replace(/[^\w.-]+/g, '_')}.json`);
  try {
    const last = JSON.parse(readFileSync(manifest, 'utf8'));
    const main = join(cacheDir, last.key, 'main.js');
    if (Array.isArray(last.inputs) && buildKey(root, last.inputs, entry) === last.key && existsSync(main)) return { main, key: last.key, built: false };
  } catch {
    // No build yet, or an unreadable manifest: build.
  }
  log('Compiling the server (first start or sources changed)…');
  mkdirSync(cacheDir, { recursive: true });
  const tmp = join(cacheDir, `tmp-${process.pid}-${Date.now()}`);
  let inputs;
  try {
    inputs = await buildServer({ root, entry, outDir: tmp });
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  const key = buildKey(root, inputs, entry);
  if (!key) throw new Error(`a source of ${entry} disappeared while it was compiled; start again`);
  const dir = join(cacheDir, key);
  if (existsSync(dir)) rmSync(tmp, { recursive: true, force: true });
  else renameSync(tmp, dir);
  const next = `${manifest}.${process.pid}.tmp`;
  writeFileSync(next, JSON.stringify({ key, entry, inputs }));
  renameSync(next, manifest);
  // Drop all but the newest few other builds (never one another process is still writing).
  const keys = new Set(readdirSync(cacheDir).filter((f) => f.endsWith('.json')).flatMap((f) => {
    try {
      return [JSON.parse(readFileSync(join(cacheDir, f), 'utf8')).key];
    } catch {
      return [];
    }
  }));
  const old = readdirSync(cacheDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{20}$/.test(d.name) && !keys.has(d.name))
    .map((d) => ({ name: d.name, mtime: statSync(join(cacheDir, d.name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const { name } of old.slice(KEEP_OLD)) rmSync(join(cacheDir, name), { recursive: true, force: true });
  return { main: join(dir, 'main.js'), key, built: true };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  let main;
  try {
    ({ main } = await ensureServerBuild({ log: (line) => console.log(line) }));
  } catch (e) {
    // esbuild has printed the file, line and problem above.
    console.error(`The server could not be compiled; it did not start. ${e instanceof Error ? e.message.split('\n')[0] : e}`);
    process.exit(1);
  }
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(main).href);
}
