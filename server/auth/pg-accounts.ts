/** Accounts, sessions and tokens in PostgreSQL (tables of migration 0010_accounts.sql). */
import type pg from 'pg';
import { guarded } from '../store/postgis/pool';
import { AccountError, type Account, type AccountStore, type ApiToken } from './account-store';
import type { Role } from './guard';

interface AccountRow {
  username: string;
  role: Role;
  counties: string[] | null;
  password_hash: string | null;
  disabled: boolean;
  created: Date;
  last_sign_in: Date | null;
}

const toAccount = (r: AccountRow): Account => ({
  username: r.username,
  role: r.role,
  ...(r.counties?.length ? { counties: r.counties } : {}),
  passwordHash: r.password_hash,
  disabled: r.disabled,
  created: r.created.toISOString(),
  ...(r.last_sign_in ? { lastSignIn: r.last_sign_in.toISOString() } : {}),
});

const toToken = (r: { hash: string; username: string; created: Date; revoked: boolean }): ApiToken => ({
  hash: r.hash,
  username: r.username,
  created: r.created.toISOString(),
  revoked: r.revoked,
});

const ACCOUNT_COLUMNS = 'username, role, counties, password_hash, disabled, created, last_sign_in';

export class PgAccountStore implements AccountStore {
  /** `ownsPool`: close() ends the pool (the CLI); a server shares the store's pool and ends it itself. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly ownsPool = false,
  ) {}

  private q<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
    return guarded(() => this.pool.query<R>(sql, params));
  }

  async account(username: string) {
    const { rows } = await this.q<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE username = $1`, [username]);
    return rows[0] && toAccount(rows[0]);
  }
  async accounts() {
    const { rows } = await this.q<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY username`);
    return rows.map(toAccount);
  }
  async addAccount(a: Account) {
    const { rowCount } = await this.q(
      `INSERT INTO accounts (${ACCOUNT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (username) DO NOTHING`,
      [a.username, a.role, a.counties ?? null, a.passwordHash, a.disabled, a.created, a.lastSignIn ?? null],
    );
    if (rowCount === 0) throw new AccountError(`An account "${a.username}" exists already.`, 'username', 'conflict');
  }
  async updateAccount(username: string, change: Partial<Omit<Account, 'username' | 'created'>>) {
    const cols: Record<string, unknown> = {};
    if ('role' in change) cols.role = change.role;
    if ('counties' in change) cols.counties = change.counties ?? null;
    if ('passwordHash' in change) cols.password_hash = change.passwordHash;
    if ('disabled' in change) cols.disabled = change.disabled;
    if ('lastSignIn' in change) cols.last_sign_in = change.lastSignIn ?? null;
    const names = Object.keys(cols);
    if (names.length === 0) return;
    const set = names.map((n, i) => `${n} = $${i + 2}`).join(', ');
    const { rowCount } = await this.q(`UPDATE accounts SET ${set} WHERE username = $1`, [username, ...names.map((n) => cols[n])]);
    if (rowCount === 0) throw new AccountError(`No account "${username}".`, 'username', 'not_found');
  }

  async session(hash: string) {
    const { rows } = await this.q<{ hash: string; username: string; created: string; last_seen: string }>('SELECT hash, username, created, last_seen FROM sessions WHERE hash = $1', [hash]);
    const r = rows[0];
    return r && { hash: r.hash, username: r.username, created: Number(r.created), lastSeen: Number(r.last_seen) };
  }
  async addSession(s: { hash: string; username: string; created: number; lastSeen: number }) {
    await this.q('INSERT INTO sessions (hash, username, created, last_seen) VALUES ($1, $2, $3, $4)', [s.hash, s.username, s.created, s.lastSeen]);
  }
  async touchSession(hash: string, lastSeen: number) {
    await this.q('UPDATE sessions SET last_seen = GREATEST(last_seen, $2) WHERE hash = $1', [hash, lastSeen]);
  }
  async deleteSession(hash: string) {
    await this.q('DELETE FROM sessions WHERE hash = $1', [hash]);
  }
  async deleteSessionsOf(username: string) {
    await this.q('DELETE FROM sessions WHERE username = $1', [username]);
  }
  async pruneSessions(idleBefore: number, createdBefore: number) {
    await this.q('DELETE FROM sessions WHERE last_seen < $1 OR created < $2', [idleBefore, createdBefore]);
  }

  async token(hash: string) {
    const { rows } = await this.q<{ hash: string; username: string; created: Date; revoked: boolean }>('SELECT hash, username, created, revoked FROM api_tokens WHERE hash = $1', [hash]);
    return rows[0] && toToken(rows[0]);
  }
  async tokens(username?: string) {
    const { rows } = await this.q<{ hash: string; username: string; created: Date; revoked: boolean }>(
      'SELECT hash, username, created, revoked FROM api_tokens WHERE $1::text IS NULL OR username = $1 ORDER BY created',
      [username ?? null],
    );
    return rows.map(toToken);
  }
  async addToken(t: ApiToken) {
    await this.q('INSERT INTO api_tokens (hash, username, created, revoked) VALUES ($1, $2, $3, $4)', [t.hash, t.username, t.created, t.revoked]);
  }
  async revokeTokens(username: string, idPrefix?: string) {
    const { rowCount } = await this.q(
      "UPDATE api_tokens SET revoked = true WHERE username = $1 AND NOT revoked AND ($2::text IS NULL OR starts_with(hash, $2))",
      [username, idPrefix ?? null],
    );
    return rowCount ?? 0;
  }

  async close() {
    if (this.ownsPool) await this.pool.end();
  }
}
