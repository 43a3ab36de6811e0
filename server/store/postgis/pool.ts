/**
 * The connection pool (node-postgres) and the one place that tells "the database is unreachable"
 * apart from other errors, so requests answer 503 with Retry-After instead of 500.
 */
import pg from 'pg';
import { StoreUnavailableError } from '../errors';

export type Pool = pg.Pool;

export function createPool(url: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // A request waits at most this long for a connection: when the database is down it fails
    // fast (503) instead of hanging; when it is back the next request connects anew.
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    // Idle connections do not keep a process alive (the HTTP server does, in the real one).
    allowExitOnIdle: true,
    application_name: 'shangrao-green-map',
  });
  // An idle client whose server went away emits 'error' on the pool; without a listener that
  // would crash the process. The pool drops the client; the next query opens a new one.
  pool.on('error', (e) => console.error(`PostgreSQL: idle connection lost (${e.message})`));
  return pool;
}

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE', 'EAI_AGAIN']);

/** Whether an error means the database cannot be reached (now), rather than a bad query. */
export function isUnreachable(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const err = e as { code?: string; message?: string };
  if (err.code && UNREACHABLE_CODES.has(err.code)) return true;
  // SQLSTATE class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
  if (err.code && (/^08/.test(err.code) || /^57P0[123]$/.test(err.code) || err.code === '53300')) return true;
  const msg = err.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|the database system is (starting up|shutting down)/i.test(msg);
}

/** Run `fn`; a connection failure becomes a StoreUnavailableError (503), anything else is rethrown. */
export async function guarded<T>(fn: () => Promise<T>, pool?: pg.Pool): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    // Waiting in vain for a connection of a full pool is overload, not an unreachable database.
    if (pool && /timeout exceeded when trying to connect/i.test((e as Error).message ?? '') && pool.totalCount >= (pool.options.max ?? 10))
      throw new StoreUnavailableError('Every database connection of this server is busy; retry in a moment.', 1);
    if (isUnreachable(e)) throw new StoreUnavailableError('The database cannot be reached at the moment; retry in a few seconds.');
    throw e;
  }
}
