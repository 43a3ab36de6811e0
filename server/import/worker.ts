/**
 * The worker thread's task (run by `piscina`, pool.ts): prepare one preview (prepare.ts) off the
 * main thread. It talks to the main thread over `port`:
 *   → { type: 'total', total, format, encoding }   the file is read
 *   → { type: 'progress', done }                    rows looked at
 *   → { type: 'byId', seq, id }  ← { seq, stored }  an existing feature, from the store
 *   → { type: 'chunk', features, writes, problems } the result, in slices (features as JSON text),
 *                                                   so no one message holds the main thread long
 *   → { type: 'end' }                               after the last chunk (the main thread closes the port)
 * and returns the rest ({ ok: true, meta, summary }) or a refusal ({ ok: false, error }).
 */
import type { MessagePort } from 'node:worker_threads';
import type { StoredFeature } from '../store/types';
import { WriteError } from '../store/types';
import type { Problem } from './build';
import { ImportError, type ImportColumn } from './errors';
import { preparePreview, type PrepareInput, type PreparedMeta } from './prepare';
import { workerBuild, type WorkerBuildOutcome, type WorkerBuildTask } from '../store/memory/worker-build';

export interface PreviewTask extends PrepareInput {
  port: MessagePort;
}

export interface TaskRefusal {
  status: number;
  code: string;
  message: string;
  field?: string;
  row?: number;
  columns?: ImportColumn[];
}

export type TaskOutcome =
  | { ok: true; meta: PreparedMeta; summary: { rows: number; create: number; update: number; unchanged: number; left_out: number } }
  | { ok: false; error: TaskRefusal };

/** Rows per result message. */
export const CHUNK = 500;

export default async function previewTask(task: PreviewTask | { warm: true }): Promise<TaskOutcome | null> {
  if ('warm' in task) return null; // pool.ts warmImportPool: loading this module was the point
  const { port } = task;
  let seq = 0;
  const waiting = new Map<number, (s: StoredFeature | undefined) => void>();
  port.on('message', (m: { seq: number; stored?: StoredFeature }) => {
    waiting.get(m.seq)?.(m.stored);
    waiting.delete(m.seq);
  });
  const byId = (id: string) =>
    new Promise<StoredFeature | undefined>((resolve) => {
      const n = ++seq;
      waiting.set(n, resolve);
      port.postMessage({ type: 'byId', seq: n, id });
    });
  let lastProgress = 0;
  try {
    const r = await preparePreview(task, byId, {
      onTotal: (total, format, encoding) => port.postMessage({ type: 'total', total, format, encoding }),
      onProgress: (done) => {
        const t = performance.now();
        if (t - lastProgress < 100) return;
        lastProgress = t;
        port.postMessage({ type: 'progress', done });
      },
    });
    const problems: Problem[] = r.problems;
    const n = Math.max(r.features.length, r.writes.length, problems.length);
    for (let i = 0; i < n; i += CHUNK)
      port.postMessage({
        type: 'chunk',
        features: r.features.slice(i, i + CHUNK).map((f) => JSON.stringify(f)),
        writes: r.writes.slice(i, i + CHUNK),
        problems: problems.slice(i, i + CHUNK),
      });
    port.postMessage({ type: 'end' });
    const { format, encoding, total, notes, mapping, crs, columns, values } = r;
    return { ok: true, meta: { format, encoding, total, notes, mapping, crs, columns, values }, summary: r.summary };
  } catch (e) {
    if (e instanceof ImportError) return { ok: false, error: { status: e.status, code: e.code, message: e.message, field: e.field, row: e.row, columns: e.columns } };
    if (e instanceof WriteError) return { ok: false, error: { status: e.status, code: e.code, message: e.message, field: e.field } };
    throw e;
  }
}

/** The other task of this pool: a large change set built for the embedded store (server/store/memory/worker-build.ts). */
export async function applyTask(task: WorkerBuildTask): Promise<WorkerBuildOutcome> {
  return workerBuild(task);
}
