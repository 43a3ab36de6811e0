/** The floor for start-up: read and JSON.parse every file of a dataset, nothing else. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const t = performance.now();
let bytes = 0;
const keep: unknown[] = [];
for (const rel of ['layers.json', 'measures.json', 'counties.geojson', 'context.geojson', ...readdirSync(join(dir, 'layers')).map((f) => `layers/${f}`)]) {
  const text = readFileSync(join(dir, rel), 'utf8');
  bytes += Buffer.byteLength(text);
  keep.push(JSON.parse(text));
}
console.log(`parsed ${bytes} bytes in ${(performance.now() - t).toFixed(1)} ms (${keep.length} files)`);
