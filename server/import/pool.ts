/**
 * The worker threads that prepare previews (`piscina`; IMPORT_WORKERS threads, default one per
 * spare CPU, at most 2). The main thread only hands over the file and the plain data the worker
 * needs, answers its `byId` questions from the store, and collects the result in slices
 * (worker.ts), so parsing, validating and converting a 100k-row file never holds other requests up.
 * A refusal in the worker comes back as the same ImportError (same status, code, message, row).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, threadId } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { FeatureWrite, StoredFeature } from '../store/types';
import type { Problem } from './build';
import { ImportError } from './errors';
import type { PrepareInput, PreparedMeta } from './prepare';
import type { TaskOutcome } from './worker';
import type { WorkerRun } from '../store/memory/worker-build';

/**
 * The worker's code. The production bundle has dist/server/import-worker.js beside main.js
 * (scripts/build-server.ts). From the sources (tsx, vitest) worker.ts is bundled with esbuild into
 * node_modules/.cache (one file per content) (packages stay external and resolve from there): tsx's
 * loader does not take in worker threads started from a tsx process.
 */
function workerFile(): string {
  const js = new URL('./import-worker.js', import.meta.url);
  if (js.protocol === 'file:' && existsSync(fileURLToPath(js))) return js.href;
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const require = createRequire(import.meta.url);
  const esbuild = require('esbuild') as typeof import('esbuild');
  const built = esbuild.buildSync({ entryPoints: [fileURLToPath(new URL('./worker.ts', import.meta.url))], write: false, bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20.19', logLevel: 'warning', outfile: 'worker.mjs' });
  const code = built.outputFiles[0].contents;
  // Named by its content: every process and thread with the same sources shares one file.
  const out = join(root, 'node_modules/.cache/shangrao-import', `worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(dirname(out), { recursive: true });
    const tmp = `${out}.${process.pid}-${threadId}.tmp`;
    writeFileSync(tmp, code);
    renameSync(tmp, out);
  }
  return pathToFileURL(out).href;
}

/**
 * How much lower the worker threads' CPU priority is than the server's (nice, per thread on Linux,
 * through piscina's `niceIncrement` and its optional @napi-rs/nice): where CPUs are scarce the
 * main thread answering reads goes first, and a preview takes what is left. Without @napi-rs/nice
 * (another platform) the threads keep the server's priority.
 */
const WORKER_NICE = 5;

const pools = new Map<number, Piscina>();
/** One pool per size for the process (test apps share it). Idle threads end after 30 s. */
export function importPool(threads: number): Piscina {
  let pool = pools.get(threads);
  if (!pool) {
    pool = new Piscina({ filename: workerFile(), minThreads: 0, maxThreads: threads, idleTimeout: 30_000, niceIncrement: WORKER_NICE });
    pools.set(threads, pool);
  }
  return pool;
}

/**
 * Start a thread and load the worker's modules (about 1–3 s of CPU), so the first upload does not
 * wait for it. The server does this when the import routes are made; tests call it in beforeAll.
 */
export async function warmImportPool(threads: number): Promise<void> {
  await importPool(threads).run({ warm: true });
}

export interface PreviewSink {
  onTotal(total: number, format: string, encoding?: string): void;
  onProgress(done: number): void;
  byId(id: string): Promise<StoredFeature | undefined>;
}

export interface PreparedPreview {
  meta: PreparedMeta;
  summary: { rows: number; create: number; update: number; unchanged: number; left_out: number };
  /** Each preview feature as JSON text (properties._import included). */
  featuresJson: string[];
  writes: FeatureWrite[];
  problems: Problem[];
}

/** Prepare a preview in a worker thread; throws ImportError for a refused file. */
export async function runPreview(pool: Piscina, input: PrepareInput, sink: PreviewSink): Promise<PreparedPreview> {
  const { port1, port2 } = new MessageChannel();
  const featuresJson: string[] = [];
  const writes: FeatureWrite[] = [];
  const problems: Problem[] = [];
  let ended!: () => void;
  const end = new Promise<void>((resolve) => (ended = resolve));
  port1.on('message', (m) => {
    switch (m.type) {
      case 'total':
        return sink.onTotal(m.total, m.format, m.encoding);
      case 'progress':
        return sink.onProgress(m.done);
      case 'byId':
        return void sink.byId(m.id).then(
          (stored) => port1.postMessage({ seq: m.seq, stored }),
          () => port1.postMessage({ seq: m.seq, stored: undefined }),
        );
      case 'chunk':
        for (const f of m.features) featuresJson.push(f);
        for (const w of m.writes) writes.push(w);
        for (const p of m.problems) problems.push(p);
        return;
      case 'end':
        return ended();
    }
  });
  try {
    // The port and the file's bytes move to the worker (no copy). (Cast: piscina's TransferList type
    // infers the wrong overload of MessagePort.postMessage under @types/node 26.)
    const transfer = [port2, ...(input.bytes.byteOffset === 0 && input.bytes.byteLength === input.bytes.buffer.byteLength ? [input.bytes.buffer as ArrayBuffer] : [])];
    const outcome: TaskOutcome = await pool.run({ ...input, port: port2 }, { transferList: transfer as never });
    if (!outcome.ok) {
      const e = outcome.error;
      throw new ImportError(e.status as ImportError['status'], e.code, e.message, { field: e.field, row: e.row, columns: e.columns });
    }
    await end;
    return { meta: outcome.meta, summary: outcome.summary, featuresJson, writes, problems };
  } finally {
    port1.close();
  }
}

/**
 * Runs the embedded store's large change sets in this pool (worker.ts `applyTask`,
 * server/store/memory/worker-build.ts): the same threads as the previews, at the same lower priority.
 */
export function changeSetWorker(threads: number): WorkerRun {
  return (task, transferList) => importPool(threads).run(task, { name: 'applyTask', transferList: transferList as never });
}
