/** Child processes the benchmarks measure: the real server, a bare JSON.parse, and their memory. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname, '..');

export interface Running {
  url: string;
  child: ChildProcess;
  /** ms from spawn to the "Ready:" line (the store loaded; /api/health answers 200 from then on). */
  startMs: number;
  /**
   * SIGTERM, then SIGKILL after `killAfterMs` (5 s by default). A first start saves its prepared
   * records at SIGTERM if not yet done (about 1 GB at 1M features): the start-up benches wait
   * longer, or the restart they measure would find none.
   */
  stop(killAfterMs?: number): Promise<void>;
}

/** Resident memory of a process in MB (VmRSS), or NaN when /proc is not readable. */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export function stopChild(child: ChildProcess, killAfterMs = 5000): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), killAfterMs).unref();
  });
}

/**
 * Spawn `node --import tsx <script>` (in `root`, this checkout by default) and resolve when a line
 * matches `ready`. A plain-JavaScript script (`.mjs`) runs with plain Node.
 */
export function spawnUntil(script: string, env: Record<string, string>, ready: RegExp, timeoutMs: number, args: string[] = [], root = ROOT) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...(script.endsWith('.mjs') ? [] : ['--import', 'tsx']), script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise<{ child: ChildProcess; match: RegExpExecArray; ms: number }>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${script} did not get ready within ${timeoutMs} ms; output:\n${out.slice(-2000)}`));
    }, timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, match: m, ms: performance.now() - t0 });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`${script} exited with code ${code}; output:\n${out.slice(-2000)}`));
    });
  });
}

/** CPU seconds (user + system, all threads) a running process has used so far, or NaN without /proc. */
export function cpuSeconds(pid: number): number {
  try {
    // Fields 14 and 15 of /proc/PID/stat (after the parenthesised command name): utime, stime in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * What `npm start` runs in `root`: the compiled, cached server (scripts/start.mjs) when the checkout
 * has it — compiled here first if its sources changed, so a measured start never includes the
 * one-off compile — else (an older checkout) server/main.ts through tsx.
 */
export async function serverEntry(root = ROOT): Promise<string> {
  const launcher = join(root, 'scripts/start.mjs');
  if (!existsSync(launcher)) return 'server/main.ts';
  const { ensureServerBuild } = (await import(pathToFileURL(launcher).href)) as typeof import('../scripts/start.mjs');
  await ensureServerBuild({ root });
  return 'scripts/start.mjs';
}

/**
 * The real server as `npm start` runs it (serverEntry) on a free loopback port with the given data
 * and web dirs; `root`: another checkout's server (bench:startup's --baseline), this one by default.
 */
export async function startServer(dataDir: string, webDir: string, timeoutMs = 600_000, stateDir = mkdtempSync(join(tmpdir(), 'sgm-bench-state-')), root = ROOT): Promise<Running> {
  const env = { PORT: '0', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', DATA_DIR: dataDir, WEB_DIR: webDir, STATE_DIR: stateDir,
    // autocannon is one address standing for many clients: the per-client miss bound would refuse most
    // of its misses with 429 (the quick test counts non-2xx), so it is raised as behind a proxy.
    MISS_PER_CLIENT: '10000' };
  const { child, match, ms } = await spawnUntil(await serverEntry(root), env, /listening on http:\/\/localhost:(\d+)\/[\s\S]*Ready:/, timeoutMs, [], root);
  return { url: `http://127.0.0.1:${match[1]}`, child, startMs: ms, stop: (killAfterMs?: number) => stopChild(child, killAfterMs) };
}

/** Spawn-to-done, in-process time and CPU seconds of reading + JSON.parse of every file of a dataset (plain Node, as `npm start`). */
export async function bareParse(dataDir: string): Promise<{ totalMs: number; parseMs: number; bytes: number; cpuS: number; rssMb: number }> {
  const { child, match, ms } = await spawnUntil('bench/bare-parse.mjs', {}, /parsed (\d+) bytes in ([\d.]+) ms \(\d+ files\), cpu ([\d.]+) s, rss (\d+) MB/, 600_000, [dataDir]);
  await stopChild(child);
  return { totalMs: ms, parseMs: Number(match[2]), bytes: Number(match[1]), cpuS: Number(match[3]), rssMb: Number(match[4]) };
}
