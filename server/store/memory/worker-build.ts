/**
 * A large change set built in a worker thread (the import pool's, server/import/pool.ts), so the
 * server's thread does not validate, diff, place in counties and serialise 100k features itself.
 *
 * The main thread (`buildInWorker`) sends the writes and the entries they name (ids taken from the
 * writes: the features they update, delete, restore or put; explicit ids of creates) over a
 * MessagePort, 500 at a time with a turn of the event loop between. The worker (`workerBuild`)
 * runs the store's own rules over them (apply-writes.ts `buildChangeSetSliced`), frames the journal
 * record (journal.ts `frameSliced`: the same bytes) and sends back:
 *   → { type: 'built', head, framed }  the change set without its changes, the record's bytes (transferred)
 *   ← { type: 'next' }                 the main thread is ready for the next chunk
 *   → { type: 'chunk', changes, entries, rows, json }   500 changes and entries, the entries' records
 *                                      (search text, box, membership; their public JSON in one transferred buffer)
 *   → { type: 'end' }
 * One chunk at a time, asked for: a port delivers every waiting message in one turn of the loop.
 * The main thread then checks the result against its live state (a generated id that exists after
 * all, chosen without knowing every id: built again with those ids taken), and installs it.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import type { Feature } from 'geojson';
import type { Change, ChangeSet } from '../../../core/changes';
import type { DataGeometry, FeatureProperties, Layer, Measure } from '../../../core/schema';
import { noTick, type Tick } from '../../slices';
import { CountyIndex, type CountyFeature, type Membership } from '../membership';
import { recordFrom, sharedMembership, type PreparedRecord } from '../records';
import { WriteError, type FeatureWrite, type WriteMeta } from '../types';
import { buildChangeSetSliced, type Catalogue, type InternalWrite } from './apply-writes';
import { frameSliced } from './journal';
import { Overlay, type Entry, type EntrySource } from './overlay';

type F = Feature<DataGeometry, FeatureProperties>;

/**
 * From this many writes on, a change set (of creates, updates, deletes, restores, puts: an import)
 * is built in a worker thread (worker-build.ts). Below it the worker's fixed costs outweigh what
 * it saves: the writes and results cross threads twice, and a thread idle for 30 s is started
 * again (1–3 s before the write is acknowledged); the main thread builds ~1000 writes in about
 * 0.1 s of ~2 ms slices. Reverts and progress reports are always built on the server's thread.
 */
export const WORKER_FROM = 1000;

/** Writes (and named entries) per message, each way. */
export const WORKER_CHUNK = 500;
/** Result chunks asked for ahead of the one being taken in. */
const AHEAD = 2;

/** An entry as it crosses to the worker or back (no record: each side makes its own). */
export interface PlainEntry {
  feature: F;
  version: number;
  deleted: boolean;
}

/** What the worker is given with the task (small); the writes and entries follow over `port`. */
export interface WorkerBuildTask {
  port: MessagePort;
  layers: Layer[];
  measures: Measure[];
  /** The county outlines the store's CountyIndex was built from (~85 KB). */
  counties: CountyFeature[];
  meta: WriteMeta;
  seq: number;
  at: string;
  release: string;
  /** Ids a generated id must not take (a first build's collisions with the live state). */
  taken: string[];
  /** Whether to frame the journal record (the PostGIS store keeps none). */
  frame: boolean;
}

export type WorkerBuildOutcome = { ok: true } | { ok: false; error: { status: number; code: string; message: string; field?: string } };

/** Runs a task in a worker thread (pool.ts `changeSetWorker`); tests inject their own. */
export type WorkerRun = (task: WorkerBuildTask, transferList: readonly unknown[]) => Promise<WorkerBuildOutcome>;

/** Row per record: searchText, bbox, membership, byte length of its public JSON. */
type RecordRow = [searchText: string, minX: number, minY: number, maxX: number, maxY: number, membership: Membership, jsonBytes: number];

/** The ops the worker builds (progress reports and reverts stay on the main thread). */
export const workerOps = new Set(['create', 'update', 'delete', 'restore', 'put']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length <= 200 ? v : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The id a write names, if any: the feature it updates, deletes, restores or puts, or a create's own id. */
export function idOfWrite(w: InternalWrite): string | undefined {
  if (w.op === 'update' || w.op === 'delete' || w.op === 'restore') return w.id;
  if (w.op === 'put') return str(isObject(w.feature?.properties) ? w.feature.properties.id : undefined);
  if (w.op === 'create' && isObject(w.feature)) return str(isObject(w.feature.properties) ? w.feature.properties.id : undefined) ?? str(w.feature.id);
  return undefined;
}

// ---------------------------------------------------------------- the worker's side

let counties: { key: string; index: CountyIndex } | undefined;
/** The county index, built once per thread for the same outlines. */
function countyIndexOf(features: CountyFeature[]): CountyIndex {
  const key = JSON.stringify(features.map((f) => f.properties));
  if (!counties || counties.key !== key) counties = { key, index: new CountyIndex(features) };
  return counties.index;
}

/** The next message from the port, in order; throws once the main thread has closed it (it gave up). */
function inbox(port: MessagePort) {
  const waiting: unknown[] = [];
  let wake: (() => void) | undefined;
  let closed = false;
  port.on('message', (m) => {
    waiting.push(m);
    wake?.();
  });
  port.on('close', () => {
    closed = true;
    wake?.();
  });
  return async <T>(): Promise<T> => {
    while (waiting.length === 0) {
      if (closed) throw new Error('the main thread closed the port');
      await new Promise<void>((r) => (wake = r));
    }
    wake = undefined;
    return waiting.shift() as T;
  };
}

/** An ArrayBuffer of exactly these bytes, safe to transfer (a small Buffer may sit in Node's shared pool). */
function own(b: Uint8Array): ArrayBuffer {
  if (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer) return b.buffer;
  return new Uint8Array(b).buffer as ArrayBuffer;
}

/** The worker's task: build the change set, send it back as above. Throws only for a bug (the main thread answers 503). */
export async function workerBuild(task: WorkerBuildTask): Promise<WorkerBuildOutcome> {
  const { port } = task;
  const next = inbox(port);
  const writes: InternalWrite[] = [];
  const known = new Map<string, Entry>();
  for (;;) {
    const m = await next<{ type: 'writes'; writes: InternalWrite[]; known: [string, PlainEntry][] } | { type: 'end' }>();
    if (m.type === 'end') break;
    for (const w of m.writes) writes.push(w);
    for (const [id, e] of m.known) known.set(id, e);
  }
  const taken = new Set(task.taken);
  const occupied: Entry = { feature: undefined as unknown as F, version: 0, deleted: true };
  const parent: EntrySource = { get: (id) => known.get(id) ?? (taken.has(id) ? occupied : undefined), progress: () => [] };
  const cat: Catalogue = {
    layers: new Map(task.layers.map((l) => [l.id, l])),
    measures: new Map(task.measures.map((m) => [m.id, m])),
    measureIds: new Set(task.measures.map((m) => m.id)),
    index: countyIndexOf(task.counties),
  };
  let built;
  try {
    built = await buildChangeSetSliced(parent, cat, writes, task.meta, task.seq, task.at, task.release, () => undefined, noTick);
  } catch (e) {
    if (e instanceof WriteError) return { ok: false, error: { status: e.status, code: e.code, message: e.message, field: e.field } };
    throw e;
  }
  const { changeSet, record, overlay } = built;
  const framed = task.frame ? (await frameSliced(record, noTick)).map(own) : [];
  const head: ChangeSet = { ...changeSet, changes: [] };
  port.postMessage({ type: 'built', head, framed, changes: changeSet.changes.length, entries: overlay.entries.size }, framed);
  const entries = [...overlay.entries.values()];
  const n = Math.max(entries.length, changeSet.changes.length);
  for (let i = 0; i < n; i += WORKER_CHUNK) {
    await next<{ type: 'next' }>();
    const part = entries.slice(i, i + WORKER_CHUNK);
    const rows: (RecordRow | null)[] = [];
    const bufs: Buffer[] = [];
    for (const e of part) {
      const r = e.record;
      if (!r) {
        rows.push(null);
        continue;
      }
      rows.push([r.searchText, r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3], r.membership, r.publicJson.length]);
      bufs.push(r.publicJson);
    }
    const json = own(Buffer.concat(bufs));
    port.postMessage(
      {
        type: 'chunk',
        changes: changeSet.changes.slice(i, i + WORKER_CHUNK),
        entries: part.map(({ feature, version, deleted }) => ({ feature, version, deleted })),
        rows,
        json,
      },
      [json],
    );
  }
  port.postMessage({ type: 'end' });
  return { ok: true };
}

// ---------------------------------------------------------------- the main thread's side

export interface WorkerBuilt {
  changeSet: ChangeSet;
  /** The journal record, framed: the bytes `frame(record)` gives (none with `frame: false`). */
  framed: Buffer[];
  overlay: Overlay;
}

/** A refusal built over ids another build must not generate. */
class Collision extends Error {
  constructor(readonly ids: string[]) {
    super('generated ids exist');
  }
}

/**
 * Build the change set of `writes` over `parent` in a worker (`run`), as `buildChangeSetSliced`
 * would on this thread: the same change set, the same journal bytes, an overlay of the same entries
 * (with their records). Throws the builder's `WriteError` for an invalid write, and a 503
 * `WriteError` if the worker fails; `parent` is never changed.
 */
export async function buildInWorker(
  run: WorkerRun,
  parent: EntrySource,
  cat: Catalogue,
  writes: FeatureWrite[],
  meta: WriteMeta,
  seq: number,
  at: string,
  release: string,
  tick: Tick,
  options: { frame?: boolean } = {},
): Promise<WorkerBuilt> {
  // What the worker's catalogue is made of (plain data: layers, measures, the county outlines, ~100 KB).
  const inputs = { layers: [...cat.layers.values()], measures: [...cat.measures.values()], counties: cat.index.counties, frame: options.frame ?? true };
  let taken: string[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await buildOnce(run, parent, cat, inputs, writes, meta, seq, at, release, taken, tick);
    } catch (e) {
      if (!(e instanceof Collision) || attempt >= 3) throw e;
      taken = [...taken, ...e.ids];
    }
  }
}

async function buildOnce(
  run: WorkerRun,
  parent: EntrySource,
  cat: Catalogue,
  inputs: { layers: Layer[]; measures: Measure[]; counties: CountyFeature[]; frame: boolean },
  writes: FeatureWrite[],
  meta: WriteMeta,
  seq: number,
  at: string,
  release: string,
  taken: string[],
  tick: Tick,
): Promise<WorkerBuilt> {
  const { port1, port2 } = new MessageChannel();
  const got: unknown[] = [];
  let wake: (() => void) | undefined;
  let failed: { e: unknown } | undefined;
  port1.on('message', (m) => {
    got.push(m);
    wake?.();
  });
  const task: WorkerBuildTask = { port: port2, ...inputs, meta, seq, at, release, taken };
  const running = run(task, [port2]).then(
    (outcome) => {
      if (!outcome.ok) failed = { e: new WriteError(outcome.error.status as WriteError['status'], outcome.error.code, outcome.error.message, outcome.error.field) };
      wake?.();
      return outcome;
    },
    (e: unknown) => {
      failed = { e: workerError(e) };
      wake?.();
    },
  );
  const next = async <T>(): Promise<T> => {
    while (got.length === 0) {
      if (failed) throw failed.e;
      await new Promise<void>((r) => (wake = r));
    }
    wake = undefined;
    return got.shift() as T;
  };
  try {
    // The writes and the entries they name, a chunk at a time.
    const named = new Set<string>();
    for (let i = 0; i < writes.length; i += WORKER_CHUNK) {
      const part = writes.slice(i, i + WORKER_CHUNK);
      const known: [string, PlainEntry][] = [];
      for (const w of part) {
        const id = idOfWrite(w);
        if (id === undefined || named.has(id)) continue;
        named.add(id);
        const e = parent.get(id);
        if (e) known.push([id, { feature: e.feature, version: e.version, deleted: e.deleted }]);
      }
      port1.postMessage({ type: 'writes', writes: part, known });
      const t = tick();
      if (t) await t;
      if (failed) throw failed.e;
    }
    port1.postMessage({ type: 'end' });
    const built = await next<{ type: 'built'; head: ChangeSet; framed: ArrayBuffer[]; changes: number; entries: number }>();
    const changes: Change[] = [];
    const overlay = new Overlay(parent);
    const collisions: string[] = [];
    // Chunks asked for AHEAD at a time: the worker (at a lower priority) makes the next while this
    // thread takes one in, and no more than AHEAD wait to be taken in at one turn of the loop.
    const chunks = Math.ceil(Math.max(built.changes, built.entries) / WORKER_CHUNK);
    let asked = 0;
    const ask = () => {
      if (asked >= chunks) return;
      port1.postMessage({ type: 'next' });
      asked++;
    };
    for (let i = 0; i < AHEAD; i++) ask();
    for (let taken = 0; taken < chunks; taken++) {
      const m = await next<{ type: 'chunk'; changes: Change[]; entries: PlainEntry[]; rows: (RecordRow | null)[]; json: ArrayBuffer }>();
      ask();
      for (const c of m.changes) changes.push(c);
      const json = Buffer.from(m.json);
      let at = 0;
      for (let i = 0; i < m.entries.length; i++) {
        const { feature, version, deleted } = m.entries[i];
        const id = feature.properties.id;
        // An id the worker generated without knowing it exists here: build again with it taken.
        if (!named.has(id) && parent.get(id)) collisions.push(id);
        const row = m.rows[i];
        const layer = cat.layers.get(feature.properties.layer);
        let record;
        if (row && layer) {
          const [searchText, minX, minY, maxX, maxY, membership, n] = row;
          // A point's membership: the one object all points in the same counties share (records.ts).
          const prepared: PreparedRecord = { searchText, bbox: [minX, minY, maxX, maxY], membership: sharedMembership(membership), publicJson: json.subarray(at, at + n) };
          record = recordFrom(feature, layer, prepared);
          at += n;
        }
        overlay.set(id, { feature, version, deleted, touched: true, record });
      }
      const t = tick();
      if (t) await t;
    }
    await next<{ type: 'end' }>();
    await running;
    if (failed) throw failed.e;
    if (collisions.length) throw new Collision(collisions);
    const changeSet = built.head;
    changeSet.changes = changes;
    return { changeSet, framed: built.framed.map((b) => Buffer.from(b)), overlay };
  } finally {
    port1.close();
    // A failed or abandoned build: its task ends (its port is closed) and is not waited for.
    await Promise.race([running, new Promise((r) => setTimeout(r, 0))]);
  }
}

/** A worker that threw (a bug, or the thread died): nothing was written. */
function workerError(e: unknown): WriteError {
  return new WriteError(503, 'build_failed', `The change set could not be prepared (${String((e as Error)?.message ?? e).slice(0, 200)}); nothing was written and nothing changed. Try again; reading still works.`);
}

