/**
 * Start-up in CPU seconds (user + system, all threads) rather than wall time: on a machine shared
 * with other work (load 10–16 on 2 cores) wall times of the same start vary by 2×, CPU time far
 * less. Per server checkout: a first start on a fresh state directory and a restart on it with
 * unchanged data, each in its own process — loading the server's modules, reading + validating
 * data/, opening the embedded store — beside a bare read + JSON.parse of the same files (its
 * process's CPU time, node and tsx boot included, as the server's is).
 *   npx tsx bench/startup-cpu.ts bench/tmp/data-100k [--baseline /path/to/older/checkout]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

if (process.argv[2] === '--child-server') {
  const [root, dataDir, stateDir] = process.argv.slice(3);
  await import(`${root}/server/app.ts`);
  await import(`${root}/server/start.ts`);
  const { EmbeddedStore } = await import(`${root}/server/store/memory/embedded-store.ts`);
  const { readDataset } = await import(`${root}/server/dataset/load.ts`);
  const modules = cpuSeconds();
  const ds = await readDataset(dataDir);
  const parsed = cpuSeconds();
  const store = await EmbeddedStore.open({ stateDir, dataset: ds, dataDir, log: () => {} });
  const opened = cpuSeconds();
  console.log(JSON.stringify({ modules, parse: parsed - modules, open: opened - parsed, total: opened, rss: mb() }));
  await store.close();
  process.exit(0);
} else if (process.argv[2] === '--child-bare') {
  const dir = process.argv[3];
  const keep: unknown[] = [];
  for (const rel of ['layers.json', 'measures.json', 'counties.geojson', 'context.geojson', ...readdirSync(join(dir, 'layers')).map((f) => `layers/${f}`)]) keep.push(JSON.parse(readFileSync(join(dir, rel), 'utf8')));
  console.log(JSON.stringify({ total: cpuSeconds(), rss: mb() }));
} else {
  const dataDir = resolve(process.argv[2] ?? 'bench/tmp/data-100k');
  const i = process.argv.indexOf('--baseline');
  const roots = [...(i > 0 ? [resolve(process.argv[i + 1])] : []), resolve(import.meta.dirname, '..')];
  const child = (args: string[], cwd: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', resolve(import.meta.dirname, 'startup-cpu.ts'), ...args], { cwd, encoding: 'utf8' }).trim().split('\n').at(-1)!);
  const bare = child(['--child-bare', dataDir], process.cwd()) as { total: number; rss: number };
  const s = (x: number) => `${x.toFixed(2)} s`;
  const lines = [`| server | start | modules | read + parse + validate | open the store | total CPU | ÷ bare (${s(bare.total)} CPU) | RSS |`, '|---|---|---|---|---|---|---|---|'];
  for (const root of roots) {
    const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const state = join(mkdtempSync(join(tmpdir(), 'sgm-startup-cpu-')), 'state');
    for (const start of ['first start', 'restart']) {
      const r = child(['--child-server', root, dataDir, state], root) as { modules: number; parse: number; open: number; total: number; rss: number };
      lines.push(`| ${commit} | ${start} | ${s(r.modules)} | ${s(r.parse)} | ${s(r.open)} | ${s(r.total)} | ${(r.total / bare.total).toFixed(2)}× | ${r.rss} MB |`);
      console.error(lines.at(-1));
    }
    rmSync(join(state, '..'), { recursive: true, force: true });
  }
  console.log(lines.join('\n'));
}
