/**
 * `npm start` (development and first runs): build the web app if it is missing or older than its
 * sources, then serve (server/start.ts says what the environment may set). Production runs
 * `npm run serve` instead (server/production.ts, compiled by `npm run build`).
 */
import { resolve } from 'node:path';
import { buildWeb, webBuildIsStale } from './build-web';
import { run } from './start';

run({
  root: resolve(import.meta.dirname, '..'),
  async prepareWeb(root, webDir) {
    if (!webBuildIsStale(root, webDir)) return;
    console.log('Building the web app (first start or sources changed)…');
    await buildWeb(root, webDir);
  },
});
