/**
 * `npm run users` end to end, as a separate process, on a fresh state directory (beside a running
 * server's account store, which sees its changes) and on a fresh PostgreSQL database.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../server/auth/authenticator';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { createTestDatabase, type TestDatabase } from '../pg/database';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');

function users(env: NodeJS.ProcessEnv, args: string[], input?: string) {
  const r = spawnSync(tsx, ['scripts/users.ts', ...args], { cwd: root, input: input ?? '', encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', ...env }, timeout: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

async function scenario(env: NodeJS.ProcessEnv) {
  const add = users(env, ['add', 'admin', '--role', 'admin', '--password-stdin'], 'a long admin password\n');
  expect(add.err).toBe('');
  expect(add.status).toBe(0);
  expect(add.out).not.toContain('a long admin password');
  expect(users(env, ['add', 'wu', '--role', 'editor', '--counties', '361130', '--password-stdin'], 'another long one').status).toBe(0);
  const dup = users(env, ['add', 'wu', '--role', 'editor', '--password-stdin'], 'another long one');
  expect(dup.status).toBe(2);
  expect(dup.err).toMatch(/exists already/);
  expect(users(env, ['add', 'x', '--role', 'boss', '--password-stdin'], 'another long one').err).toMatch(/viewer, editor, admin/);
  expect(users(env, ['add', 'x', '--role', 'viewer', '--password-stdin'], 'short').err).toMatch(/at least 10/);
  expect(users(env, ['add', 'x', '--role', 'viewer']).err).toMatch(/--password-stdin/);
  const tok = users(env, ['token', 'wu']);
  expect(tok.status).toBe(0);
  const token = tok.out.trimEnd().split('\n').at(-1)!;
  expect(token).toMatch(/^sgm_[A-Za-z0-9_-]{43}$/);
  const list = users(env, ['list']);
  expect(list.out).toMatch(/^admin\tadmin\tall counties\tactive\tno tokens$/m);
  expect(list.out).toMatch(/^wu\teditor\t361130\tactive\ttokens [0-9a-f]{12}$/m);
  expect(list.out).not.toContain(token);
  expect(users(env, ['passwd', 'wu', '--password-stdin'], 'a changed password').status).toBe(0);
  expect(users(env, ['disable', 'wu']).out).toMatch(/disabled/);
  expect(users(env, ['list']).out).toMatch(/^wu\teditor\t361130\tDISABLED/m);
  expect(users(env, ['frobnicate']).status).toBe(2);
  return token;
}

describe('npm run users', () => {
  it('works on a fresh state directory, and a running server sees its changes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-cli-'));
    const serverSide = new FileAccountStore(dir);
    const auth = new Authenticator(serverSide, { idleMs: 60_000, maxMs: 3_600_000, trustProxy: false });
    const token = await scenario({ STATE_DIR: dir });
    expect((await serverSide.account('wu'))?.disabled).toBe(true);
    expect((await auth.signIn('admin', 'a long admin password', 'here')).ok).toBe(true);
    expect((await auth.signIn('wu', 'a changed password', 'here')).ok).toBe(false); // disabled
    expect(users({ STATE_DIR: dir }, ['enable', 'wu']).status).toBe(0);
    expect((await auth.signIn('wu', 'a changed password', 'here')).ok).toBe(true);
    expect((await serverSide.tokens('wu')).length).toBe(1);
    const rev = users({ STATE_DIR: dir }, ['revoke', 'wu']);
    expect(rev.out).toMatch(/Revoked 1 token/);
    expect((await serverSide.tokens('wu'))[0].revoked).toBe(true);
    expect(token).not.toBe('');
  }, 120_000);

  it('works on a fresh PostgreSQL database (DATABASE_URL), migrating it first', async () => {
    const db = await createTestDatabase();
    dbs.push(db);
    await scenario({ DATABASE_URL: db.url });
  }, 120_000);
});
