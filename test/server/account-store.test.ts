/**
 * The AccountStore contract, run on both implementations (accounts.json and PostgreSQL), and the
 * embedded one's sharing of its file between processes (the CLI beside a running server).
 */
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AccountError, parseCounties, parseRole, usernameProblem, type Account, type AccountStore } from '../../server/auth/account-store';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { openAccountStore } from '../../server/auth/open';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import { createTestDatabase, type TestDatabase } from '../pg/database';

const account = (username: string, over: Partial<Account> = {}): Account => ({ username, role: 'editor', passwordHash: null, disabled: false, created: '2026-01-02T03:04:05.000Z', ...over });

const dbs: TestDatabase[] = [];
afterAll(async () => {
  for (const d of dbs) await d.drop();
});

const IMPLEMENTATIONS: [string, () => Promise<AccountStore>][] = [
  ['accounts.json', async () => new FileAccountStore(mkdtempSync(join(tmpdir(), 'sgm-acc-')))],
  [
    'PostgreSQL',
    async () => {
      const db = await createTestDatabase();
      dbs.push(db);
      return openAccountStore({ databaseUrl: db.url, stateDir: 'unused' });
    },
  ],
];

for (const [name, open] of IMPLEMENTATIONS)
  describe(`AccountStore on ${name}`, () => {
    it('adds, reads, lists, updates accounts; a taken name is refused', async () => {
      const s = await open();
      try {
        await s.addAccount(account('li', { counties: ['361130'] }));
        await s.addAccount(account('admin', { role: 'admin' }));
        await expect(s.addAccount(account('li'))).rejects.toBeInstanceOf(AccountError);
        expect(await s.account('li')).toEqual(account('li', { counties: ['361130'] }));
        expect((await s.accounts()).map((a) => a.username)).toEqual(['admin', 'li']);
        await s.updateAccount('li', { role: 'viewer', counties: undefined, disabled: true });
        expect(await s.account('li')).toEqual(account('li', { role: 'viewer', disabled: true }));
        await expect(s.updateAccount('nobody', { disabled: true })).rejects.toBeInstanceOf(AccountError);
        await s.updateAccount('li', { lastSignIn: '2026-05-06T07:08:09.000Z' });
        expect((await s.account('li'))?.lastSignIn).toBe('2026-05-06T07:08:09.000Z');
        expect(await s.account('nobody')).toBeUndefined();
      } finally {
        await s.close();
      }
    });

    it('keeps sessions: add, touch, delete one, delete all of an account, prune old ones', async () => {
      const s = await open();
      try {
        await s.addAccount(account('li'));
        await s.addAccount(account('wang'));
        await s.addSession({ hash: 'a', username: 'li', created: 1000, lastSeen: 1000 });
        await s.addSession({ hash: 'b', username: 'li', created: 1000, lastSeen: 1000 });
        await s.addSession({ hash: 'c', username: 'wang', created: 5000, lastSeen: 5000 });
        await s.touchSession('a', 9000);
        expect(await s.session('a')).toEqual({ hash: 'a', username: 'li', created: 1000, lastSeen: 9000 });
        await s.pruneSessions(4000, 0);
        expect(await s.session('b')).toBeUndefined();
        expect(await s.session('a')).toBeDefined();
        await s.deleteSession('a');
        expect(await s.session('a')).toBeUndefined();
        await s.addSession({ hash: 'd', username: 'wang', created: 6000, lastSeen: 6000 });
        await s.deleteSessionsOf('wang');
        expect(await s.session('c')).toBeUndefined();
        expect(await s.session('d')).toBeUndefined();
      } finally {
        await s.close();
      }
    });

    it('keeps tokens and revokes one by its id prefix or all of an account', async () => {
      const s = await open();
      try {
        await s.addAccount(account('li'));
        const t = (hash: string) => ({ hash, username: 'li', created: '2026-01-02T03:04:05.000Z', revoked: false });
        await s.addToken(t('aaaa1111'));
        await s.addToken(t('bbbb2222'));
        await s.addToken(t('cccc3333'));
        expect(await s.revokeTokens('li', 'bbbb')).toBe(1);
        expect((await s.token('bbbb2222'))?.revoked).toBe(true);
        expect((await s.token('aaaa1111'))?.revoked).toBe(false);
        expect(await s.revokeTokens('li')).toBe(2);
        expect((await s.tokens('li')).every((x) => x.revoked)).toBe(true);
        expect(await s.token('zzzz')).toBeUndefined();
      } finally {
        await s.close();
      }
    });
  });

describe('accounts.json shared by two processes', () => {
  it('sees the other writer\'s changes and loses none when both write at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sgm-acc-'));
    const server = new FileAccountStore(dir);
    const cli = new FileAccountStore(dir);
    await server.addAccount(account('li'));
    expect(await cli.account('li')).toBeDefined();
    await Promise.all([
      ...Array.from({ length: 20 }, (_, i) => server.addSession({ hash: `s${i}`, username: 'li', created: i, lastSeen: i })),
      ...Array.from({ length: 20 }, (_, i) => cli.addAccount(account(`u${i}`))),
    ]);
    expect((await server.accounts()).length).toBe(21);
    for (let i = 0; i < 20; i++) expect(await cli.session(`s${i}`)).toBeDefined();
    await cli.updateAccount('li', { disabled: true });
    expect((await server.account('li'))?.disabled).toBe(true);
    expect(statSync(join(dir, 'accounts.json')).mode & 0o777).toBe(0o600);
  });
});

describe('passwords and account fields', () => {
  it('hashes with Argon2id, verifies, and says no for no account', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'correct horse batterY')).toBe(false);
    expect(await verifyPassword(null, 'correct horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
  });

  it('checks names, roles and county codes', () => {
    expect(usernameProblem('li.wei_2')).toBeUndefined();
    expect(usernameProblem('王芳')).toBeUndefined();
    expect(usernameProblem('-x')).toMatch(/letter or digit/);
    expect(usernameProblem('a b')).toMatch(/letters, digits/);
    expect(parseRole('viewer')).toBe('viewer');
    expect(() => parseRole('root')).toThrow(/viewer, editor, admin/);
    expect(parseCounties('361181, 361130,361130')).toEqual(['361130', '361181']);
    expect(() => parseCounties('361130,999999')).toThrow(/Unknown county code "999999"/);
  });
});
