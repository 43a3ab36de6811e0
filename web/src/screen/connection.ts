/**
 * Whether the server answers, and when to ask it again: a pure model of the refresh loop so that
 * backoff and recovery are tested without timers. Success → next refresh after the regular
 * interval; failure → offline, retry after 1, 2, 4 … s, capped.
 */
export interface Connection {
  online: boolean;
  /** Consecutive failures. */
  failures: number;
  /** Last successful answer (ms), or null before the first. */
  lastOkAt: number | null;
  /** When the loop asks next (ms). */
  nextAt: number;
}

export interface BackoffOptions {
  /** Regular refresh while online. */
  refreshMs: number;
  baseMs?: number;
  maxMs?: number;
}

export const INITIAL_CONNECTION: Connection = { online: true, failures: 0, lastOkAt: null, nextAt: 0 };

/** Delay before retry number `failures` (1-based): base·2^(n−1), capped at max. */
export function backoffDelay(failures: number, baseMs = 1000, maxMs = 30_000): number {
  if (failures <= 0) return 0;
  return Math.min(maxMs, baseMs * 2 ** Math.min(failures - 1, 30));
}

export function connectionOk(_c: Connection, now: number, o: BackoffOptions): Connection {
  return { online: true, failures: 0, lastOkAt: now, nextAt: now + o.refreshMs };
}

export function connectionFailed(c: Connection, now: number, o: BackoffOptions): Connection {
  const failures = c.failures + 1;
  return { online: false, failures, lastOkAt: c.lastOkAt, nextAt: now + backoffDelay(failures, o.baseMs, o.maxMs) };
}

/** Whole seconds until the next attempt, for the offline mark. */
export function secondsToRetry(c: Connection, now: number): number {
  return Math.max(0, Math.ceil((c.nextAt - now) / 1000));
}
