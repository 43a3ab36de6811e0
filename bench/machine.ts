/** A description of the machine and tools, for the results header. */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { CHROMIUM } from './browser-bench';
import { NGINX } from './nginx';

/** stdout, or stderr where the tool prints there (nginx -v). */
function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return (r.stdout?.trim() || r.stderr?.trim() || 'unavailable').split('\n')[0];
}

export function describeMachine(): Record<string, string> {
  const lscpu = spawnSync('lscpu', [], { encoding: 'utf8' }).stdout ?? '';
  const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'm').exec(lscpu)?.[1] ?? '?';
  return {
    CPU: `${field('Model name')} — ${cpus().length} logical CPUs (${field('Thread\\(s\\) per core')} thread(s)/core), ${field('Architecture')}`,
    Memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    OS: run('uname', ['-srm']),
    Node: process.version,
    nginx: run(NGINX, ['-v']).replace(/^nginx version: /, ''),
    Chromium: run(CHROMIUM, ['--version']),
    'Load average at start (1/5/15 min)': loadavg().map((x) => x.toFixed(2)).join(' / '),
  };
}
