/**
 * Where the server's start-up goes for one dataset: read, parse + validate, county membership,
 * the rest of the store. In one process, so module loading is excluded.
 *   npx tsx bench/startup-breakdown.ts bench/tmp/data-100k
 */
import { readDatasetFiles, parseDataset } from '../server/dataset/load';
import { CountyIndex } from '../server/store/membership';
import { MemoryStore } from '../server/store/memory-store';

const dir = process.argv[2] ?? 'data';
const mb = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`;
let t = performance.now();
const lap = (what: string) => {
  const now = performance.now();
  console.log(`${what.padEnd(32)} ${((now - t) / 1000).toFixed(2).padStart(7)} s   RSS ${mb()}`);
  t = now;
};
const files = await readDatasetFiles(dir);
lap('read files');
const dataset = parseDataset(files);
lap('JSON.parse + validate');
const index = new CountyIndex(dataset.counties);
for (const f of dataset.features) index.membershipOf(f.geometry);
lap('county membership (alone)');
new MemoryStore(dataset);
lap('whole store (membership again)');
