/**
 * The screen's live data: the dataset for the map, stats per filter, and the connection. Refreshes
 * on an interval; on failure keeps everything it had, marks itself offline and retries with
 * backoff (connection.ts) until the server answers again, then reloads what changed.
 * A plain object with subscribe/getSnapshot for useSyncExternalStore; React sees only snapshots.
 */
import type { StatsResponse } from '../../../core/api';
import { filterKey, type Filters } from '../../../core/filters';
import { createApiClient, type ApiClient } from '../lib/api';
import { loadDataset, type ClientDataset } from '../lib/useDataset';
import { INITIAL_CONNECTION, connectionFailed, connectionOk, type Connection } from './connection';

export interface ScreenSnapshot {
  dataset: ClientDataset | null;
  /** Data version the dataset was loaded at (from /api/health). */
  version: string | null;
  /** When the server last confirmed the figures (ms). */
  asOf: number | null;
  stats: ReadonlyMap<string, StatsResponse>;
  conn: Connection;
}

export interface StoreOptions {
  refreshMs?: number;
  baseMs?: number;
  maxMs?: number;
  /** Abort a request after this long. */
  timeoutMs?: number;
}

const MAX_CACHED = 64;

/** Figures the screen wants: a filter, as of a day (tour=time) or the page's own day. */
export interface StatsWant {
  filters: Filters;
  asof?: string;
}

/** The key of a {@link StatsWant} in {@link ScreenSnapshot.stats}. */
export const statsKey = (w: StatsWant) => (w.asof ? `${filterKey(w.filters)}|asof=${w.asof}` : filterKey(w.filters));

/** fetch that never uses the HTTP cache and gives up after `timeoutMs`. */
function liveFetch(timeoutMs: number): typeof fetch {
  return (input, init) => fetch(input, { ...init, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
}

export class ScreenStore {
  private snap: ScreenSnapshot = { dataset: null, version: null, asOf: null, stats: new Map(), conn: INITIAL_CONNECTION };
  private listeners = new Set<() => void>();
  private wanted: StatsWant[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private running = false;
  private busy = false;
  private readonly api: ApiClient;
  private readonly fetchImpl: typeof fetch;
  private readonly opts: Required<StoreOptions>;

  constructor(opts: StoreOptions = {}, fetchImpl?: typeof fetch) {
    this.opts = { refreshMs: 60_000, baseMs: 1000, maxMs: 30_000, timeoutMs: 10_000, ...opts };
    this.fetchImpl = fetchImpl ?? liveFetch(this.opts.timeoutMs);
    this.api = createApiClient('', this.fetchImpl);
  }

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getSnapshot = (): ScreenSnapshot => this.snap;

  private set(patch: Partial<ScreenSnapshot>) {
    this.snap = { ...this.snap, ...patch };
    for (const fn of this.listeners) fn();
  }

  start() {
    if (this.running) return;
    this.running = true;
    void this.cycle();
  }

  stop() {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Figures the screen shows now (a filter, or a filter as of a day); missing ones are fetched at once. */
  want(items: (Filters | StatsWant)[]) {
    const wants = items.map((w): StatsWant => ('filters' in w && typeof w.filters === 'object' && !Array.isArray(w.filters) ? (w as StatsWant) : { filters: w as Filters }));
    this.wanted = wants;
    if (this.snap.dataset && this.snap.conn.online && wants.some((w) => !this.snap.stats.has(statsKey(w)))) void this.cycle(true);
  }

  private schedule(at: number) {
    if (!this.running) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.cycle(), Math.max(0, at - Date.now()));
  }

  /** One refresh: health → (re)load the dataset if its version changed → stats for what is wanted. */
  private async cycle(missingOnly = false) {
    if (!this.running || this.busy) return;
    this.busy = true;
    const o = this.opts;
    try {
      let { dataset, version } = this.snap;
      let stats = new Map(this.snap.stats);
      if (!missingOnly || !dataset) {
        const res = await this.fetchImpl('/api/health', { headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(`health: HTTP ${res.status}`);
        const health = (await res.json()) as { store?: { data_version?: string } };
        const v = health.store?.data_version ?? null;
        if (!dataset || v !== version) {
          dataset = await loadDataset(this.api);
          version = v;
          stats = new Map();
        }
      }
      const todo = this.wanted.filter((w) => !missingOnly || !stats.has(statsKey(w)));
      const fresh = await Promise.all(todo.map((w) => this.api.stats(w.filters, w.asof)));
      todo.forEach((w, i) => {
        const key = statsKey(w);
        stats.delete(key);
        stats.set(key, fresh[i]);
      });
      while (stats.size > MAX_CACHED) stats.delete(stats.keys().next().value!);
      const now = Date.now();
      const conn = missingOnly && this.snap.conn.online ? this.snap.conn : connectionOk(this.snap.conn, now, o);
      this.set({ dataset, version, stats, conn, asOf: now });
    } catch {
      this.set({ conn: connectionFailed(this.snap.conn, Date.now(), o) });
    } finally {
      this.busy = false;
    }
    this.schedule(this.snap.conn.nextAt);
    // Something may have been wanted while we were busy.
    if (this.snap.conn.online && this.snap.dataset && this.wanted.some((w) => !this.snap.stats.has(statsKey(w)))) void this.cycle(true);
  }
}
