/** Synthetic datasets under bench/tmp, generated once per (size, seed, generator version). */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SYNTH_VERSION, writeSynthDataset } from '../scripts/data/synth';

export const BENCH_TMP = resolve(import.meta.dirname, 'tmp');
const SEED = 1;

export function sizeLabel(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n);
}

/** Directory holding a synthetic dataset of `n` features; generated when missing or stale. */
export function ensureDataset(n: number): string {
  const dir = join(BENCH_TMP, `data-${sizeLabel(n).toLowerCase()}`);
  const stamp = join(dir, '.synth');
  const want = JSON.stringify({ n, seed: SEED, version: SYNTH_VERSION });
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return dir;
  rmSync(dir, { recursive: true, force: true });
  const t = performance.now();
  writeSynthDataset(n, dir, SEED);
  writeFileSync(stamp, want);
  console.log(`  generated ${n} synthetic features in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  return dir;
}
