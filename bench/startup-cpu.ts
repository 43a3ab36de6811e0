/**
 * Start-up in CPU seconds (user + system, all threads) rather than wall time: on a machine shared
 * with other work (load 10–21 on 2 cores) wall times of the same start vary by 2×, CPU time far
 * less. Per server checkout: a first start on a fresh state directory and a restart on it with
 * unchanged data, each the server process exactly as `npm start` runs it (bench/processes.ts
 * serverEntry: the compiled, cached server where the checkout has scripts/start.mjs, else tsx),
 * its CPU read from /proc at "Ready:" (the store loaded, /api/health 200), beside the CPU of a bare
 * read + JSON.parse of the same files in plain Node (bench/bare-parse.mjs), run again right before
 * each start: on a machine whose load moves from minute to minute, each ratio is to the bare parse
 * of the same minute. Each start is stopped with SIGTERM, which waits for the prepared records
 * (STATE_DIR/derived) to be saved.
 *   npx tsx bench/startup-cpu.ts bench/tmp/data-100k [--baseline /path/to/older/checkout]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { bareParse, cpuSeconds, rssMb, startServer } from './processes';

const dataDir = resolve(process.argv[2] ?? 'bench/tmp/data-100k');
const i = process.argv.indexOf('--baseline');
const roots = [...(i > 0 ? [resolve(process.argv[i + 1])] : []), resolve(import.meta.dirname, '..')];
const webDir = join(tmpdir(), 'sgm-no-web');
const load = () => loadavg().map((x) => x.toFixed(1)).join(' / ');
const s = (x: number) => `${x.toFixed(2)} s`;

const loadBefore = load();
const lines = ['| server | start | CPU to "Ready:" | bare parse just before (CPU) | ÷ bare | wall | RSS at "Ready:" | load (1 min) |', '|---|---|---|---|---|---|---|---|'];
for (const root of roots) {
  const commit = execFileSync('git', ['-C', root, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  const state = join(mkdtempSync(join(tmpdir(), 'sgm-startup-cpu-')), 'state');
  for (const start of ['first start', 'restart']) {
    const bare = await bareParse(dataDir);
    const server = await startServer(dataDir, webDir, 3_600_000, state, root);
    const cpu = cpuSeconds(server.child.pid!);
    const rss = rssMb(server.child.pid!);
    await server.stop(1_800_000); // a first start saves the prepared records the restart reads
    lines.push(`| ${commit} | ${start} | ${s(cpu)} | ${s(bare.cpuS)} | ${(cpu / bare.cpuS).toFixed(2)}× | ${s(server.startMs / 1000)} | ${rss.toFixed(0)} MB | ${loadavg()[0].toFixed(1)} |`);
    console.error(lines.at(-1));
  }
  rmSync(join(state, '..'), { recursive: true, force: true });
}
console.log(`${new Date().toISOString()} · ${dataDir} · load (1/5/15 min) ${loadBefore} before, ${load()} after`);
console.log(lines.join('\n'));
