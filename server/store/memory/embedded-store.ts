/**
 * The embedded store (the default): the whole state in memory, made durable in a state directory
 * by an append-only journal (one checksummed record per change set, synced before the write is
 * acknowledged) and snapshots (atomic rename) that bound what a start replays.
 *
 * State directory:  snapshot.json (the state at change set S, with its checksum)
 *                   journal-S.log (the change sets after S)
 *
 * Writes queue up; each turn takes every waiting change set, validates them in order (each all
 * or nothing), appends them in one write + one fdatasync (group commit), then swaps in the new
 * state in one assignment: readers see the version before or after, never between.
 */
import { mkdirSync, readdirSync, rmSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ApiFeature, CountiesResponse, HealthResponse, LayerInfo, StatsResponse } from '../../../core/api';
import type { ChangeSet, ProgressReport } from '../../../core/changes';
import type { Filters } from '../../../core/filters';
import type { ContextProperties, Dataset, FeatureProperties, Measure, DataGeometry } from '../../../core/schema';
import type { AsOf } from '../../../core/asof';
import { publicChangeSet, queryChangeSets } from '../changes';
import { releaseWrites } from '../release-merge';
import { MemoryStore } from '../memory-store';
import { CountyIndex } from '../membership';
import { countiesKey, MembershipCache } from '../membership-cache';
import { recordFrom, toRecord, type FeatureRecord, type PreparedRecord } from '../records';
import { readRecords, writeRecords } from '../records-cache';
import {
  WriteError,
  type ChangePage,
  type ChangeQuery,
  type AsOfView,
  type FeaturePage,
  type FeatureStore,
  type FeatureQuery,
  type FeatureWrite,
  type Store,
  type StoredFeature,
  type WriteMeta,
} from '../types';
import { changeSetBefore, entriesAt } from './asof';
import { buildChangeSetSliced, versionOf, type Catalogue, type InternalWrite, type JournalRecord } from './apply-writes';
import { FramedRecord, Journal, realIo, syncDir, type JournalIo } from './journal';
import { buildInWorker, workerOps, WORKER_FROM, type WorkerRun } from './worker-build';
import { changeSetWorker } from '../../import/pool';
import { DEFAULT_IMPORT_LIMITS } from '../../import/limits';
import { applyProgress, Overlay, type Entry } from './overlay';
import { takeLock, releaseLock } from './lock';
import { pruneReleases, readRelease, writeRelease } from './release-dir';
import { readSnapshot, writeSnapshot } from './snapshot';
import { noTick, slicer, type Tick } from '../../slices';
import { spatialIndexOf } from './spatial';

/**
 * Work between two turns of the event loop while a change set is prepared and installed. A read
 * takes several turns (socket, handler, response), each waiting for one slice: at 8 ms reads during
 * a 10k-row apply took a median 53–82 ms, at 2 ms 44 ms (bench/RESULTS-import.md); the extra turns cost little.
 */
const SLICE_MS = 2;
/** From this many changed features on, the next view's spatial index is built before the swap. */
const SPATIAL_AHEAD = 2000;

type F = Feature<DataGeometry, FeatureProperties>;

export interface EmbeddedStoreOptions {
  /** The state directory (created if absent). */
  stateDir: string;
  /** data/ as shipped: seeds a new state directory; a different release is taken in at start. */
  dataset: Dataset;
  /** Where `dataset` was read from: its files are kept as the state's release (else it is serialised). */
  dataDir?: string;
  /** Write a snapshot (and start a new journal) after this many change sets; default 1000. */
  snapshotEvery?: number;
  /** Journal I/O; tests inject faults here. */
  io?: JournalIo;
  now?: () => Date;
  log?: (message: string) => void;
  /**
   * Builds large change sets off the server's thread (default: the import pool's threads,
   * server/import/pool.ts); null: always on the server's thread.
   */
  buildWorker?: WorkerRun | null;
  /** From how many writes `buildWorker` is used; default WORKER_FROM. */
  workerFrom?: number;
}

interface State {
  seq: number;
  release: string;
  entries: Map<string, Entry>;
  progress: ProgressReport[];
  /** Shared and appended to in place; every change set in it is installed. */
  changeSets: ChangeSet[];
  view: MemoryStore;
}

/**
 * A snapshot. Features as the release shipped them are not repeated: `overrides` holds only the
 * entries change sets have touched; the rest come from the release (data/, or the state
 * directory's copy `release-<version>/` once data/ has moved on).
 */
interface Persisted {
  format: 1;
  seq: number;
  release: string;
  overrides: { feature: F; version: number; deleted: boolean }[];
  progress: ProgressReport[];
  changeSets: ChangeSet[];
}

interface Pending {
  writes: InternalWrite[] | { revert: string };
  meta: WriteMeta;
  resolve: (cs: ChangeSet) => void;
  reject: (e: unknown) => void;
}

const journalName = (seq: number) => `journal-${seq}.log`;

/** A failed disk write as the API reports it: nothing changed, reads go on. */
export function storageError(e: unknown): WriteError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new WriteError(507, 'storage_full', 'The disk holding the state directory is full; the change was not saved and nothing changed. Reading still works.');
  return new WriteError(503, 'storage_unavailable', `The state directory cannot be written (${code ?? (e as Error).message}); the change was not saved and nothing changed. Reading still works.`);
}

export class EmbeddedStore implements Store {
  private state: State;
  private readonly cat: Catalogue;
  private readonly pending: Pending[] = [];
  private draining = false;
  private journal: Journal;
  private tail = 0;
  private readonly snapshotEvery: number;
  private readonly now: () => Date;
  private readonly log: (m: string) => void;
  private readonly loadedAt = new Date().toISOString();
  private readonly io: JournalIo;
  private readonly dataDir?: string;
  private readonly buildWorker: WorkerRun | null;
  private readonly workerFrom: number;
  /** Set when the journal cannot take records safely; writes are refused with it until a restart. */
  private blocked?: WriteError;
  /** Views "as of" a day, per data version: key `S|date` (the reports shown depend on the date). */
  private asOfCache = { version: '', views: new Map<string, MemoryStore>() };
  /** Saves the prepared records of this start's release (records-cache.ts) while that is still to do. */
  private savePrepared?: () => void;
  /** The prepared records being written, once started. */
  private derivedWrite?: Promise<void>;

  private constructor(
    private readonly dataset: Dataset,
    private readonly dir: string,
    opts: EmbeddedStoreOptions,
    journal: Journal,
    persisted: Persisted,
    baseFeatures: readonly F[],
    index: CountyIndex,
    private readonly readOnly: boolean,
  ) {
    this.journal = journal;
    this.io = opts.io ?? realIo;
    this.dataDir = opts.dataDir;
    this.buildWorker = opts.buildWorker === undefined ? changeSetWorker(DEFAULT_IMPORT_LIMITS.workers) : opts.buildWorker;
    this.workerFrom = opts.workerFrom ?? WORKER_FROM;
    this.snapshotEvery = opts.snapshotEvery ?? 1000;
    this.now = opts.now ?? (() => new Date());
    this.log = opts.log ?? ((m) => console.log(m));
    this.cat = {
      layers: new Map(dataset.layers.map((l) => [l.id, l])),
      measures: new Map(dataset.measures.map((m) => [m.id, m])),
      measureIds: new Set(dataset.measures.map((m) => m.id)),
      index,
    };
    const entries = new Map<string, Entry>(baseFeatures.map((feature) => [feature.properties.id, { feature, version: 1, deleted: false }]));
    for (const e of persisted.overrides) entries.set(e.feature.properties.id, { ...e, touched: true });
    this.state = {
      seq: persisted.seq,
      release: persisted.release,
      entries,
      progress: persisted.progress,
      changeSets: persisted.changeSets,
      view: undefined as unknown as MemoryStore,
    };
  }

  /**
   * Open (or seed) the state directory, replay the journal's tail, take in a new data release.
   * `readOnly` (export): read what is recorded, change nothing on disk, take no lock.
   */
  static async open(opts: EmbeddedStoreOptions & { readOnly?: boolean }): Promise<EmbeddedStore> {
    const dir = opts.stateDir;
    const readOnly = opts.readOnly ?? false;
    if (!readOnly) {
      try {
        mkdirSync(dir, { recursive: true });
        accessSync(dir, constants.W_OK);
      } catch (e) {
        throw new Error(`The state directory ${dir} cannot be created or written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); set STATE_DIR to a writable directory.`, { cause: e });
      }
      takeLock(dir);
    }
    try {
      let persisted = readSnapshot(dir, !readOnly) as Persisted | undefined;
      if (persisted && persisted.format !== 1) throw new Error(`${dir}/snapshot.json has format ${persisted.format}; this server reads format 1.`);
      if (!persisted) {
        if (readOnly) throw new Error(`${dir} holds no state (no snapshot.json); start the server once to seed it.`);
        writeRelease(dir, opts.dataset, opts.dataDir);
        persisted = { format: 1, seq: 0, release: opts.dataset.version, overrides: [], progress: [], changeSets: [] };
        writeSnapshot(dir, persisted);
      }
      const base = persisted.release === opts.dataset.version ? opts.dataset.features : (await readRelease(dir, persisted.release)).features;
      const path = join(dir, journalName(persisted.seq));
      const { journal, payloads, tornBytes } = readOnly ? await Journal.read(path) : await Journal.open(path, dir, opts.io ?? realIo);
      if (!readOnly) for (const name of readdirSync(dir)) if (/^journal-\d+\.log$/.test(name) && name !== journalName(persisted.seq)) rmSync(join(dir, name));
      const log = opts.log ?? ((m: string) => console.log(m));
      // The release's features as records were prepared at an earlier start (derived/records-<version>.bin):
      // a restart with unchanged data reads them rather than computing memberships and JSON again.
      const ownRelease = persisted.release === opts.dataset.version;
      const prepared = !readOnly && ownRelease ? readRecords(dir, opts.dataset.version, log) : undefined;
      // Memberships of features near a border are kept per county outlines in derived/: features
      // the prepared records do not hold (a new release, edits) are not clipped again (membership-cache.ts).
      const cache = readOnly || prepared ? undefined : MembershipCache.open(dir, countiesKey(opts.dataset.counties), log);
      const store = new EmbeddedStore(opts.dataset, dir, opts, journal, persisted, base, new CountyIndex(opts.dataset.counties, { cache }), readOnly);
      if (tornBytes > 0) store.log(`State: dropped a torn journal tail of ${tornBytes} bytes (a write cut off by a crash; it was never acknowledged).`);
      if (prepared) store.usePrepared(prepared);
      store.replay(payloads as JournalRecord[]);
      store.state.view = store.buildView(store.state.entries, store.state.progress, store.state.seq, store.state.release);
      if (readOnly) return store;
      if (ownRelease && !prepared) store.keepPrepared(base);
      if (store.state.release !== opts.dataset.version) await store.takeRelease(base);
      else if (store.tail >= store.snapshotEvery) await store.trySnapshot();
      pruneReleases(dir, store.state.release);
      store.cat.index.releaseCache();
      return store;
    } catch (e) {
      if (!readOnly) releaseLock(dir);
      throw e;
    }
  }

  /** Give the release's entries (none touched yet: called before the journal is replayed) their prepared records. */
  private usePrepared(prepared: Map<string, PreparedRecord>): void {
    for (const e of this.state.entries.values()) {
      if (e.touched || e.record) continue;
      const p = prepared.get(e.feature.properties.id);
      const layer = this.cat.layers.get(e.feature.properties.layer);
      if (p && layer) e.record = recordFrom(e.feature, layer, p);
    }
  }

  /**
   * Save the records of the release's features (`base`, the dataset as read) for the next start —
   * a second after the start, off its path (or at `close`, if that comes first). Only entries still
   * holding the release's own feature objects count (not features a change set has touched).
   */
  private keepPrepared(base: readonly F[]): void {
    const release = this.state.release;
    const records: FeatureRecord[] = [];
    for (const f of base) {
      const e = this.state.entries.get(f.properties.id);
      if (e && !e.touched && e.feature === f && e.record) records.push(e.record);
    }
    const save = () => {
      clearTimeout(timer);
      this.savePrepared = undefined;
      this.derivedWrite = writeRecords(this.dir, release, records, this.log);
    };
    const timer = setTimeout(save, 1000);
    timer.unref();
    this.savePrepared = save;
  }

  /**
   * Start saving the prepared records now rather than in a second, if they are still to save (the
   * server calls this once it has said "Ready:"); resolves when they are written.
   */
  saveDerived(): Promise<void> {
    this.savePrepared?.();
    return this.derivedWrite ?? Promise.resolve();
  }

  private replay(records: JournalRecord[]): void {
    const s = this.state;
    for (const r of records) {
      if (r.seq !== s.seq + 1) {
        this.log(`State: journal record ${r.seq} does not follow ${s.seq}; ignoring it and what follows.`);
        break;
      }
      for (const e of r.entries) s.entries.set(e.feature.properties.id, { ...e, touched: true });
      s.progress = applyProgress(s.progress, r.added, r.withdrawn);
      s.changeSets.push(r.changeSet);
      s.seq = r.seq;
      this.tail++;
    }
  }

  private buildView(entries: Map<string, Entry>, progress: ProgressReport[], seq: number, release: string): MemoryStore {
    const records = [];
    for (const e of entries.values()) {
      if (e.deleted) continue;
      const layer = this.cat.layers.get(e.feature.properties.layer);
      if (!layer) continue; // a layer a later release removed: kept in the state, not served
      records.push((e.record ??= toRecord(e.feature, layer, this.cat.index)));
    }
    return new MemoryStore(this.dataset, { records, index: this.cat.index, version: versionOf(release, seq), progress, loadedAt: this.loadedAt });
  }

  // ----- reads: each takes the current view once, so it answers from one version -----

  get version(): string {
    return this.state.view.version;
  }
  async health(): Promise<HealthResponse['store']> {
    return { ...(await this.state.view.health()), kind: 'embedded' };
  }
  layers(): Promise<LayerInfo[]> {
    return this.state.view.layers();
  }
  layerIds(): Promise<string[]> {
    return this.state.view.layerIds();
  }
  features(q: FeatureQuery): Promise<FeaturePage> {
    return this.state.view.features(q);
  }
  feature(id: string): Promise<ApiFeature | undefined> {
    return this.state.view.feature(id);
  }
  counties(): Promise<CountiesResponse> {
    return this.state.view.counties();
  }
  context(): Promise<FeatureCollection<Polygon | MultiPolygon, ContextProperties>> {
    return this.state.view.context();
  }
  measures(): Promise<Measure[]> {
    return this.state.view.measures();
  }
  stats(filters: Filters): Promise<StatsResponse> {
    return this.state.view.stats(filters);
  }

  /**
   * The data at the end of a day: the change sets recorded by then (S) kept, later ones undone
   * (memory/asof.ts), progress reports with as_of on or before the day. Views are cached per
   * (S, day) for the current data version (a few: a time slider asks for many days).
   */
  async asOf(at: AsOf): Promise<AsOfView> {
    const s = this.state;
    const seq = changeSetBefore(s.changeSets, at.until);
    // Built on the first read only: an answer already in the response cache costs the search above.
    let built: MemoryStore | undefined;
    const view = () => (built ??= this.viewAt(s, seq, at.date));
    const reader: FeatureStore = {
      version: s.view.version,
      health: () => this.health(),
      layers: () => view().layers(),
      layerIds: () => this.layerIds(),
      features: (q) => view().features(q),
      feature: (id) => view().feature(id),
      counties: () => this.counties(),
      context: () => this.context(),
      measures: () => this.measures(),
      stats: (f) => view().stats(f),
    };
    return { store: reader, changeSet: seq, beforeHistory: seq === 0 };
  }

  /** The view after change set `seq` of state `s`, with the reports up to `date`; cached per (seq, date) for the data version. */
  private viewAt(s: State, seq: number, date: string): MemoryStore {
    const cache = this.asOfCache.version === s.view.version ? this.asOfCache : (this.asOfCache = { version: s.view.version, views: new Map() });
    const key = `${seq}|${date}`;
    let view = cache.views.get(key);
    if (!view) {
      const entries = seq === s.seq ? s.entries : entriesAt(s.entries, s.changeSets.slice(0, s.seq), seq);
      const progress = s.progress.filter((p) => p.as_of <= date);
      view = this.buildView(entries, progress, s.seq, s.release);
      if (cache.views.size >= 24) cache.views.delete(cache.views.keys().next().value!);
      cache.views.set(key, view);
    }
    return view;
  }

  async storedFeature(id: string, options: { includeDeleted?: boolean } = {}): Promise<StoredFeature | undefined> {
    const e = this.state.entries.get(id);
    if (!e || (e.deleted && !options.includeDeleted)) return undefined;
    const layer = this.cat.layers.get(e.feature.properties.layer);
    const counties = e.record?.membership.counties ?? (layer ? toRecord(e.feature, layer, this.cat.index).membership.counties : []);
    // Always with the top-level id (features as data/ ships them have it only in properties), as the PostGIS store answers.
    const feature: F = { type: 'Feature', id: e.feature.properties.id, geometry: e.feature.geometry, properties: e.feature.properties };
    return { feature, counties, version: e.version, deleted: e.deleted };
  }

  async changes(q: ChangeQuery): Promise<ChangePage> {
    const view = q.publicOnly ? (cs: ChangeSet) => publicChangeSet(cs, this.cat.layers) : undefined;
    return queryChangeSets(this.state.changeSets, q, view);
  }

  async progress(measure?: number): Promise<ProgressReport[]> {
    return this.state.progress.filter((p) => measure === undefined || p.measure === measure).sort((a, b) => (a.as_of < b.as_of ? 1 : a.as_of > b.as_of ? -1 : 0));
  }

  // ----- writes -----

  apply(writes: FeatureWrite[], meta: WriteMeta): Promise<ChangeSet> {
    return this.enqueue(writes, meta);
  }

  revert(changeSetId: string, meta: WriteMeta): Promise<ChangeSet> {
    return this.enqueue({ revert: changeSetId }, { ...meta, kind: 'revert' });
  }

  private enqueue(writes: Pending['writes'], meta: WriteMeta): Promise<ChangeSet> {
    return new Promise((resolve, reject) => {
      this.pending.push({ writes, meta, resolve, reject });
      void this.drain();
    });
  }

  /**
   * Build one change set in a child of `batch`, in slices (`tick`); merged into `batch` only if
   * every write is valid.
   */
  private async prepare(batch: Overlay, p: Pending, seq: number, at: string, tick: Tick): Promise<{ cs: ChangeSet; record: JournalRecord | FramedRecord }> {
    const w = p.writes;
    if (this.buildWorker && Array.isArray(w) && w.length >= this.workerFrom && w.every((x) => workerOps.has(x.op))) {
      const built = await buildInWorker(this.buildWorker, batch, this.cat, w as FeatureWrite[], p.meta, seq, at, this.state.release, tick);
      built.overlay.mergeInto(batch);
      return { cs: built.changeSet, record: new FramedRecord(built.framed) };
    }
    const byId = (id: string) => this.state.changeSets[Number(id) - 1];
    const { changeSet, record, overlay } = await buildChangeSetSliced(batch, this.cat, p.writes, p.meta, seq, at, this.state.release, byId, tick);
    overlay.mergeInto(batch);
    return { cs: changeSet, record };
  }

  /**
   * One turn per batch of queued change sets (group commit). A large change set (an import) is
   * built and its journal record framed in a worker thread (worker-build.ts); every O(n) step left
   * here — validating and building a smaller change set or a revert, serialising its journal
   * record, copying the entries, building the next view — runs in slices of about SLICE_MS with a
   * turn of the event loop between, while readers keep the current state; the state is swapped in one assignment
   * once the journal is synced. Only this loop replaces `this.state`, so the state a turn started
   * from stays the current one until its swap.
   */
  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const queue = this.pending.splice(0, 512);
        const state = this.state;
        const tick = slicer(SLICE_MS);
        const batch = new Overlay({ get: (id) => state.entries.get(id), progress: () => state.progress });
        const done: { p: Pending; cs: ChangeSet }[] = [];
        const records: (JournalRecord | FramedRecord)[] = [];
        let seq = state.seq;
        const at = this.now().toISOString();
        for (const p of queue) {
          try {
            const { cs, record } = await this.prepare(batch, p, seq + 1, at, tick);
            seq++;
            done.push({ p, cs });
            records.push(record);
          } catch (e) {
            p.reject(e);
          }
        }
        if (done.length === 0) continue;
        try {
          if (this.blocked) throw this.blocked;
          await this.journal.append(records, tick);
        } catch (e) {
          const err = e instanceof WriteError ? e : storageError(e);
          this.log(`State: a write failed and was refused (${(e as Error).message}).`);
          for (const d of done) d.p.reject(err);
          continue;
        }
        const next = await this.nextState(state, batch, seq, state.release, tick);
        this.swap(state, next, done.map((d) => d.cs));
        this.tail += done.length;
        for (const d of done) d.p.resolve(d.cs);
        if (this.tail >= this.snapshotEvery) await this.trySnapshot();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * The state after `batch`, built beside `state` (which readers keep using): the entries map
   * copied with the batch's entries over it, the view's records, id map and (for a large change
   * set) spatial index — each a loop with `tick` in it.
   */
  private async nextState(state: State, batch: Overlay, seq: number, release: string, tick: Tick): Promise<State> {
    const entries = new Map<string, Entry>();
    for (const [id, e] of state.entries) {
      entries.set(id, e);
      const t = tick();
      if (t) await t;
    }
    for (const [id, e] of batch.entries) {
      entries.set(id, e);
      const t = tick();
      if (t) await t;
    }
    const progress = applyProgress(state.progress, batch.added, batch.withdrawn);
    const records: FeatureRecord[] = [];
    const byId = new Map<string, FeatureRecord>();
    for (const e of entries.values()) {
      if (e.deleted) continue;
      const layer = this.cat.layers.get(e.feature.properties.layer);
      if (!layer) continue; // a layer a later release removed: kept in the state, not served
      const r = (e.record ??= toRecord(e.feature, layer, this.cat.index));
      records.push(r);
      byId.set(r.id, r);
      const t = tick();
      if (t) await t;
    }
    // The spatial index is otherwise built on the first bbox query, in one step: after a large
    // change set that step would hold the loop (tens of ms at 100k features), so it is built here.
    const spatial = batch.entries.size >= SPATIAL_AHEAD ? await spatialIndexOf(records, tick) : undefined;
    const view = new MemoryStore(this.dataset, { records, byId, spatial, index: this.cat.index, version: versionOf(release, seq), progress, loadedAt: this.loadedAt });
    return { seq, release, entries, progress, changeSets: state.changeSets, view };
  }

  /** Readers move from `state` to `next` here, in one assignment (with the change sets recorded). */
  private swap(state: State, next: State, changeSets: ChangeSet[]): void {
    state.changeSets.push(...changeSets);
    this.state = next;
  }

  private persisted(): Persisted {
    const s = this.state;
    return {
      format: 1,
      seq: s.seq,
      release: s.release,
      overrides: [...s.entries.values()].filter((e) => e.touched).map(({ feature, version, deleted }) => ({ feature, version, deleted })),
      progress: s.progress,
      changeSets: s.changeSets,
    };
  }

  /**
   * Snapshot the state, start a new journal after it, drop the old one. Once the snapshot is
   * renamed into place the old journal must not take another record (a restart would discard it),
   * so if the new journal cannot be opened, writes are refused until a restart.
   */
  private async snapshot(): Promise<void> {
    writeSnapshot(this.dir, this.persisted());
    this.tail = 0;
    const old = this.journal;
    try {
      const { journal } = await Journal.open(join(this.dir, journalName(this.state.seq)), this.dir, this.io);
      this.journal = journal;
    } catch (e) {
      this.blocked = storageError(e);
      throw e;
    }
    await old.close().catch(() => {});
    if (old.path !== this.journal.path) {
      rmSync(old.path, { force: true });
      syncDir(this.dir);
    }
  }

  private async trySnapshot(): Promise<void> {
    try {
      await this.snapshot();
    } catch (e) {
      this.log(`State: a snapshot could not be written (${(e as Error).message}); the journal keeps every change and a later snapshot will be tried.`);
    }
  }

  /**
   * data/ differs from the release the state last took in: apply the differences as one change
   * set recorded as that release — a three-way merge per field, so local edits to fields the
   * release did not touch survive. Written as a snapshot (it replaces the merge base too).
   */
  private async takeRelease(baseFeatures: readonly F[]): Promise<void> {
    const release = this.dataset.version;
    const s = this.state;
    const baseById = new Map(baseFeatures.map((f) => [f.properties.id, f]));
    const fresh = new Map(this.dataset.features.map((f) => [f.properties.id, f]));
    const writes = releaseWrites(baseById, fresh, (id) => s.entries.get(id), this.cat);
    const meta: WriteMeta = { author: null, kind: 'release', release, note: `数据发布 ${release} · data release ${release}` };
    const batch = new Overlay({ get: (id) => s.entries.get(id), progress: () => s.progress });
    const { cs } = await this.prepare(batch, { writes, meta, resolve: () => {}, reject: () => {} }, s.seq + 1, this.now().toISOString(), noTick);
    try {
      writeRelease(this.dir, this.dataset, this.dataDir);
      this.swap(s, await this.nextState(s, batch, s.seq + 1, release, noTick), [cs]);
      await this.snapshot();
    } catch (e) {
      throw new Error(`Could not record data release ${release} in ${this.dir}: ${(e as Error).message}`, { cause: e });
    }
    this.log(`State: took in data release ${release} as change set ${cs.id} (${cs.changes.length} feature changes).`);
  }

  /** Wait for queued writes, save the prepared records if still to do, close the journal, release the lock. */
  async close(): Promise<void> {
    while (this.draining || this.pending.length) await new Promise((r) => setTimeout(r, 5));
    await this.saveDerived();
    await this.journal.close();
    if (!this.readOnly) releaseLock(this.dir);
  }

  /** The current data in data/'s shape (`npm run export`). */
  exportDataset(): Dataset {
    const features = [...this.state.entries.values()].filter((e) => !e.deleted).map((e) => e.feature);
    return { ...this.dataset, version: this.version, features };
  }
}
