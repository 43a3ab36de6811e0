/**
 * Schema migrations: the numbered SQL files in ./migrations, applied by node-pg-migrate in one
 * transaction under its advisory lock (several servers starting at once on one database wait for
 * each other), recorded in the table `pgmigrations`.
 */
import { resolve } from 'node:path';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';

export const MIGRATIONS_DIR = resolve(import.meta.dirname, 'migrations');
export const MIGRATIONS_TABLE = 'pgmigrations';

/** Apply every pending migration; returns the names applied now. */
export async function migrate(client: pg.ClientBase): Promise<string[]> {
  const quiet = () => {};
  const done = await runner({
    dbClient: client,
    dir: MIGRATIONS_DIR,
    migrationsTable: MIGRATIONS_TABLE,
    direction: 'up',
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    logger: { debug: quiet, info: quiet, warn: (m: string) => console.warn(m), error: (m: string) => console.error(m) },
  });
  return done.map((m) => m.name);
}
