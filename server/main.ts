/**
 * `npm start` (development and first runs): build the web app if it is missing or older than its
 * sources, then serve (server/start.ts says what the environment may set). `npm start` runs this
 * file compiled and cached by scripts/start.mjs (under node_modules/.cache, so the root is found
 * upwards, not beside it); `npm run dev` and the tests run it through tsx. Production runs
 * `npm run serve` instead (server/production.ts, compiled by `npm run build`).
 */
import { buildWeb, webBuildIsStale } from './build-web';
import { findRoot, run } from './start';

run({
  root: findRoot(import.meta.dirname),
  async prepareWeb(root, webDir) {
    if (!webBuildIsStale(root, webDir)) return;
    console.log('Building the web app (first start or sources changed)…');
    await buildWeb(root, webDir);
  },
});
