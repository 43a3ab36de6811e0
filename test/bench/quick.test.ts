/**
 * The benchmark's quick mode (`npm run bench -- --quick`) runs end to end so it never rots: every
 * figure of the report is there and is a number. Speed is never asserted — only that each
 * measurement produced a figure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CASES = ['layer', 'filter', 'bbox', 'stats', 'miss'];

let stdout = '';
let status: number | null = null;
let report = '';

/** Cells of the Markdown table row whose first cell starts with `first`. */
function row(md: string, first: string): string[] | undefined {
  const line = md.split('\n').find((l) => l.startsWith(`| ${first}`));
  return line?.split('|').slice(1, -1).map((c) => c.trim());
}
const num = (cell: string | undefined) => Number((cell ?? '').replace(/[,×]|ms|kB|MB/g, '').trim());

const REPORT = resolve(ROOT, 'bench/tmp/RESULTS-quick.md');

beforeAll(() => {
  // A report left by an earlier run must not pass for this run's.
  rmSync(REPORT, { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick'], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
  stdout = r.stdout + r.stderr;
  status = r.status;
  report = existsSync(REPORT) ? readFileSync(REPORT, 'utf8') : '';
}, 300_000);

describe('npm run bench -- --quick', () => {
  it('exits 0 and prints the report it wrote', () => {
    expect(status, stdout.slice(-3000)).toBe(0);
    expect(stdout).toContain('# Benchmark results (quick mode)');
    expect(report).toContain('## Machine');
  });

  it.each(CASES)('has the server, nginx and bare node figures of case %s', (id) => {
    const cells = row(report, `${id}:`);
    expect(cells, `no row for ${id}`).toBeDefined();
    const [, bytes, serverRps, p50, p99, nginxRps, , , bareRps] = cells!;
    for (const v of [bytes, serverRps, nginxRps, bareRps]) expect(num(v)).toBeGreaterThan(0);
    for (const v of [p50, p99]) expect(Number.isFinite(num(v))).toBe(true);
    expect(cells!.at(-1)).toBe('0 / 0'); // no errors, no non-2xx
  });

  it('has start-up, bare JSON.parse, memory and compression at the quick size', () => {
    const start = row(report.slice(report.indexOf('## Start-up')), '1k');
    expect(start).toBeDefined();
    for (const c of start!.slice(1)) expect(num(c)).toBeGreaterThan(0);
    const comp = row(report.slice(report.indexOf('## Compression')), '1k');
    for (const c of comp!.slice(1)) expect(num(c)).toBeGreaterThan(0);
  });

  it('has the browser figures: first idle of / and of the bare page, filter change to paint', () => {
    const cells = row(report.slice(report.indexOf('## Browser')), '1k');
    expect(cells).toBeDefined();
    const [, app, bare, ratio, median, p95] = cells!;
    for (const v of [app, bare, ratio, median, p95]) expect(num(v)).toBeGreaterThan(0);
  });

  it.each(['/', '/screen', '/embed'])('has the JS bundle size of %s', (view) => {
    const cells = row(report, `\`${view}\``);
    expect(cells).toBeDefined();
    expect(num(cells![2])).toBeGreaterThan(num(cells![3]));
    expect(num(cells![3])).toBeGreaterThan(0);
  });

  it.each(['/api/layers', '/api/stats', '/api/counties'])('has the server time of %s on the shipped data', (path) => {
    const cells = row(report.slice(report.indexOf('## API server time')), `\`${path}\``);
    expect(cells, `no row for ${path}`).toBeDefined();
    expect(cells![1]).toBe('200');
    for (const v of cells!.slice(3)) expect(num(v)).toBeGreaterThan(0);
  });

  it('judges every target of the issue', () => {
    const section = report.slice(report.indexOf('## Targets'), report.indexOf('## Start-up'));
    const judged = section.split('\n').filter((l) => / \| (met|\*\*gap\*\*) \|$/.test(l));
    expect(judged).toHaveLength(10);
  });
});
