/**
 * A throwaway PostgreSQL + PostGIS cluster from the Debian packages, for tests and the bench:
 * `initdb` and `pg_ctl` from /usr/lib/postgresql/15/bin in a temporary directory, listening on
 * 127.0.0.1 at a free port (and a unix socket in that directory). initdb refuses to run as root,
 * so as root every command runs as the `postgres` user the package creates (`runuser`).
 *
 * Without the packages `startCluster` throws an error naming the apt line; callers fail with it.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
export const PG_APT_LINE = 'apt-get install postgresql-15-postgis-3';
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';

export class MissingPostgresError extends Error {}

/** Why a cluster cannot be made here, or undefined when the packages are in place. */
export function missingPackages(): string | undefined {
  if (!existsSync(join(PG_BIN, 'initdb')) || !existsSync(join(PG_BIN, 'pg_ctl')))
    return `PostgreSQL 15 is not installed (no ${PG_BIN}/initdb): ${PG_APT_LINE}`;
  if (!existsSync(POSTGIS_CONTROL)) return `PostGIS 3 is not installed (no ${POSTGIS_CONTROL}): ${PG_APT_LINE}`;
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface Cluster {
  /** Superuser URL to the `postgres` database. */
  url: string;
  port: number;
  dir: string;
  /** `pg_ctl stop -m fast` (the data directory stays). */
  stop(): Promise<void>;
  /** `pg_ctl start` again on the same port. */
  start(): Promise<void>;
  /** Stop and remove the directory. */
  destroy(): Promise<void>;
}

/**
 * Start a fresh cluster in a new temporary directory. By default fsync, synchronous_commit and
 * full_page_writes are off (tests and read benches do not need the disk flush); `durable: true`
 * keeps PostgreSQL's defaults, so a COMMIT waits for the WAL to reach the disk.
 */
export async function startCluster(options: { durable?: boolean } = {}): Promise<Cluster> {
  const missing = missingPackages();
  if (missing) throw new MissingPostgresError(missing);
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'sgm-pg-'));
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']).catch(() => {
      throw new MissingPostgresError(`Running as root and there is no "postgres" user to run initdb as: ${PG_APT_LINE}`);
    });
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const exec = async (cmd: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(PG_BIN, cmd), ...args]] : [join(PG_BIN, cmd), args];
    try {
      return await run(file, argv, { cwd: dir, timeout: 120_000 });
    } catch (e) {
      const err = e as { stderr?: string; message: string };
      throw new Error(`${cmd} failed: ${err.stderr || err.message}`, { cause: e });
    }
  };
  const data = join(dir, 'data');
  await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const fast = options.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast} -c max_connections=200`;
  const start = async () => {
    await exec('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  };
  const stop = async () => {
    await exec('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dir,
    start,
    stop,
    async destroy() {
      await stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
