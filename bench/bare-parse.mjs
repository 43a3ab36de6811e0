// @ts-check
/**
 * The floor for start-up: read and JSON.parse every file of a dataset, nothing else. Plain
 * JavaScript run by plain Node, as `npm start` runs the server (scripts/start.mjs), so both pay the
 * same boot. Prints its wall time in-process and its CPU seconds (user + system).
 *   node bench/bare-parse.mjs DATA_DIR
 */
import { Buffer } from 'node:buffer';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import process from 'node:process';

const dir = process.argv[2];
const t = performance.now();
let bytes = 0;
const keep = [];
for (const rel of ['layers.json', 'measures.json', 'counties.geojson', 'context.geojson', ...readdirSync(join(dir, 'layers')).map((f) => `layers/${f}`)]) {
  const text = readFileSync(join(dir, rel), 'utf8');
  bytes += Buffer.byteLength(text);
  keep.push(JSON.parse(text));
}
const cpu = process.cpuUsage();
const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
console.log(`parsed ${bytes} bytes in ${(performance.now() - t).toFixed(1)} ms (${keep.length} files), cpu ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s, rss ${rss} MB`);
