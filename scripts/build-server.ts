/**
 * `npm run build` (second half): compile the production server entry (server/production.ts) and
 * everything it imports from server/ and core/ into one plain-JavaScript file, dist/server/main.js
 * (and the import's worker thread into dist/server/import-worker.js),
 * with the files it reads at run time (the CQL2 grammar, the PostGIS migrations) beside it.
 * Packages stay external: `npm ci --omit=dev` provides them at run time.
 *
 *   tsx scripts/build-server.ts [--out DIR]     # default dist/server
 */
import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const i = process.argv.indexOf('--out');
const outDir = resolve(i > 0 ? process.argv[i + 1] : resolve(ROOT, 'dist/server'));

await build({
  // The import's worker threads (server/import/pool.ts) load import-worker.js from beside main.js.
  entryPoints: [
    { in: resolve(ROOT, 'server/production.ts'), out: 'main' },
    { in: resolve(ROOT, 'server/import/worker.ts'), out: 'import-worker' },
  ],
  outdir: outDir,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
});
// Files the server reads next to its code (`new URL(…, import.meta.url)`, `import.meta.dirname`):
// in the bundle that is dist/server, so they go there.
const ASSETS: [from: string, to: string][] = [
  ['server/ogc/cql2.peggy', 'cql2.peggy'],
  ['server/store/postgis/migrations', 'migrations'],
];
for (const [from, to] of ASSETS) cpSync(resolve(ROOT, from), resolve(outDir, to), { recursive: true });
console.log(`server built: ${resolve(outDir, 'main.js')}`);
