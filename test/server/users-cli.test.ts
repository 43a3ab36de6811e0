/**
 * `npm run users`: the commands in-process (runUsers, the CLI's whole logic) on a fresh state
 * directory — beside a server's account store, which sees the changes — and on a fresh PostgreSQL
 * database; and the real script as a separate process on each.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUsers } from '../../scripts/users';
import { Authenticator } from '../../server/auth/authenticator';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { openAccountStore } from '../../server/auth/open';
import { createTestDatabase, type TestDatabase } from '../pg/database';

const root = resolve(import.meta.dirname, '../..');

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

/** Run one command in-process; returns what it printed, or throws what it refused with. */
async function users(config: { stateDir: string; databaseUrl?: string }, args: string[], input = '') {
  const out: string[] = [];
  await runUsers(args, () => openAccountStore(config), { log: (l) => out.push(l), stdin: async () => input });
  return out.join('\n');
}

async function scenario(config: { stateDir: string; databaseUrl?: string }) {
  const added = await users(config, ['add', 'admin', '--role', 'admin', '--password-stdin'], 'a long admin password\n');
  expect(added).toBe('Added admin (admin).');
  await users(config, ['add', 'wu', '--role', 'editor', '--counties', '361130', '--password-stdin'], 'another long one');
  await expect(users(config, ['add', 'wu', '--role', 'editor', '--password-stdin'], 'another long one')).rejects.toThrow(/exists already/);
  await expect(users(config, ['add', 'x', '--role', 'boss', '--password-stdin'], 'another long one')).rejects.toThrow(/viewer, editor, admin/);
  await expect(users(config, ['add', 'x', '--role', 'viewer', '--password-stdin'], 'short')).rejects.toThrow(/at least 10/);
  await expect(users(config, ['add', 'x', '--role', 'viewer'])).rejects.toThrow(/--password-stdin/);
  await expect(users(config, ['add', 'x', '--role', 'editor', '--counties', '999999', '--password-stdin'], 'another long one')).rejects.toThrow(/Unknown county code/);
  const token = (await users(config, ['token', 'wu'])).split('\n').at(-1)!;
  expect(token).toMatch(/^sgm_[A-Za-z0-9_-]{43}$/);
  const list = await users(config, ['list']);
  expect(list).toMatch(/^admin\tadmin\tall counties\tactive\tno tokens$/m);
  expect(list).toMatch(/^wu\teditor\t361130\tactive\ttokens [0-9a-f]{12}$/m);
  expect(list).not.toContain(token);
  await users(config, ['passwd', 'wu', '--password-stdin'], 'a changed password');
  expect(await users(config, ['disable', 'wu'])).toMatch(/disabled/);
  expect(await users(config, ['list'])).toMatch(/^wu\teditor\t361130\tDISABLED/m);
  await expect(users(config, ['frobnicate'])).rejects.toThrow(/Unknown command/);
  // The same rules as the admin API (server/auth/account-admin.ts): the only active admin stays one.
  await expect(users(config, ['disable', 'admin'])).rejects.toThrow(/only active admin/);
  await expect(users(config, ['set', 'admin', '--role', 'viewer'])).rejects.toThrow(/only active admin/);
  expect(await users(config, ['set', 'wu', '--counties', 'all'])).toBe('wu: editor, all counties.');
  return token;
}

/** The real script, as an operator runs it. */
function spawnUsers(env: NodeJS.ProcessEnv, args: string[], input = '') {
  const r = spawnSync(join(root, 'node_modules/.bin/tsx'), ['scripts/users.ts', ...args], { cwd: root, input, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 120_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('npm run users', () => {
  it('works on a fresh state directory, and a running server sees its changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-cli-'));
    const serverSide = new FileAccountStore(dir);
    const auth = new Authenticator(serverSide, { idleMs: 60_000, maxMs: 3_600_000, trustProxy: false });
    await scenario({ stateDir: dir });
    expect((await serverSide.account('wu'))?.disabled).toBe(true);
    expect((await auth.signIn('admin', 'a long admin password', 'here')).ok).toBe(true);
    expect((await auth.signIn('wu', 'a changed password', 'here')).ok).toBe(false); // disabled
    await users({ stateDir: dir }, ['enable', 'wu']);
    expect((await auth.signIn('wu', 'a changed password', 'here')).ok).toBe(true);
    expect(await users({ stateDir: dir }, ['revoke', 'wu'])).toMatch(/Revoked 1 token/);
    expect((await serverSide.tokens('wu'))[0].revoked).toBe(true);
  }, 60_000);

  it('works on a fresh PostgreSQL database (DATABASE_URL), migrating it first', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    await scenario({ stateDir: 'unused', databaseUrl: db.url });
  }, 60_000);

  it('as a process: the password from stdin never printed, the token alone on the last line, exit 2 on a mistake', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    for (const env of [{ STATE_DIR: mkdtempSync(join(tmpdir(), 'sgm-cli-')) }, { DATABASE_URL: db.url }]) {
      const add = spawnUsers(env, ['add', 'admin', '--role', 'admin', '--password-stdin'], 'a long admin password\n');
      expect(add.err).toBe('');
      expect(add.status).toBe(0);
      expect(add.out).not.toContain('a long admin password');
      const tok = spawnUsers(env, ['token', 'admin']);
      expect(tok.status).toBe(0);
      expect(tok.out.trimEnd().split('\n').at(-1)).toMatch(/^sgm_[A-Za-z0-9_-]{43}$/);
      const bad = spawnUsers(env, ['add', 'x', '--role', 'boss', '--password-stdin'], 'a long admin password');
      expect(bad.status).toBe(2);
      expect(bad.err).toMatch(/--role must be one of/);
    }
  }, 300_000);
});
