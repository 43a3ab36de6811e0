/**
 * `npm run export -- --out DIR`: write the embedded store's current data in data/'s layout
 * (layers.json, measures.json, counties.geojson, context.geojson, layers/<id>.geojson), readable by
 * `DATA_DIR=DIR npm start` and `npm run data:check`. Reads the state directory without changing it
 * (safe while the server runs). Env: DATA_DIR (data), STATE_DIR (state).
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readConfig } from '../server/config';
import { readDataset } from '../server/dataset/load';
import { serializeDataset } from '../server/dataset/serialize';
import { EmbeddedStore } from '../server/store/memory/embedded-store';
import { writeFilesDurably } from '../server/store/memory/release-dir';

const root = resolve(import.meta.dirname, '..');

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
if (!values.out) fail('Usage: npm run export -- --out DIR   (DIR must be absent or empty)');
const out = resolve(values.out);
if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} is not empty; export into a new or empty directory.`);

const config = readConfig();
const stateDir = resolve(root, config.stateDir);
if (!existsSync(stateDir)) fail(`No state directory at ${stateDir}: start the server once (npm start) or set STATE_DIR.`);
const dataset = await readDataset(resolve(root, config.dataDir));
const store = await EmbeddedStore.open({ stateDir, dataset, readOnly: true, log: (m) => console.error(m) });
const current = store.exportDataset();
writeFilesDurably(out, serializeDataset(current));
console.log(`Exported ${current.features.length} features (data version ${store.version}) from ${stateDir} to ${out}.`);
await store.close();
