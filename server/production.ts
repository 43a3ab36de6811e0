/**
 * The production entry: `npm run build` compiles it to dist/server/main.js, `npm run serve` runs
 * it with plain Node and the production dependencies alone. It never builds: it serves the web
 * build `npm run build` made (dist/web, or WEB_DIR) and the dataset in DATA_DIR (default data/),
 * relative to the directory holding package.json.
 */
import { findRoot, run } from './start';

run({ root: findRoot(import.meta.dirname) });
