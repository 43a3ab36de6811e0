/**
 * `npm run build` (second half): compile the production server entry (server/production.ts) and
 * everything it imports from server/ and core/ into plain JavaScript, dist/server/main.js (and the
 * import's worker thread into dist/server/import-worker.js; what they share and what is imported
 * on first use, e.g. the PostgreSQL modules, in chunk-*.js beside them),
 * with the files it reads at run time (the CQL2 grammar, the PostGIS migrations) beside it.
 * Packages stay external: `npm ci --omit=dev` provides them at run time. The build options are
 * the ones `npm start` compiles server/main.ts with (scripts/start.mjs).
 *
 *   tsx scripts/build-server.ts [--out DIR]     # default dist/server
 */
import { resolve } from 'node:path';
import { ROOT, buildServer } from './start.mjs';

const i = process.argv.indexOf('--out');
const outDir = resolve(i > 0 ? process.argv[i + 1] : resolve(ROOT, 'dist/server'));

await buildServer({ root: ROOT, entry: 'server/production.ts', outDir });
console.log(`server built: ${resolve(outDir, 'main.js')}`);
