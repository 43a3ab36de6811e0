/**
 * Where accounts, sessions and API tokens are kept: one small interface, two implementations —
 * `FileAccountStore` (the embedded store's state directory, file-accounts.ts) and
 * `PgAccountStore` (PostgreSQL tables of migration 0010, pg-accounts.ts). Sessions live here too,
 * so servers that share a store share sign-ins. Secrets are stored only as SHA-256 digests.
 */
import { COUNTY_CODES } from '../../core/contract';
import { ROLES, type Role } from './guard';

export interface Account {
  username: string;
  role: Role;
  /** An editor limited to these counties; absent or empty = all. */
  counties?: string[];
  /** Argon2id PHC string; null = no password (tokens only). */
  passwordHash: string | null;
  disabled: boolean;
  /** ISO 8601. */
  created: string;
  /** ISO 8601 of the last successful sign-in with the password, if there was one since it was recorded. */
  lastSignIn?: string;
}

export interface Session {
  /** SHA-256 of the cookie's secret. */
  hash: string;
  username: string;
  /** Epoch milliseconds. */
  created: number;
  lastSeen: number;
}

export interface ApiToken {
  /** SHA-256 of the token. */
  hash: string;
  username: string;
  created: string;
  revoked: boolean;
}

export interface AccountStore {
  account(username: string): Promise<Account | undefined>;
  accounts(): Promise<Account[]>;
  /** Create (fails if taken) or replace. */
  addAccount(a: Account): Promise<void>;
  updateAccount(username: string, change: Partial<Omit<Account, 'username' | 'created'>>): Promise<void>;

  session(hash: string): Promise<Session | undefined>;
  addSession(s: Session): Promise<void>;
  touchSession(hash: string, lastSeen: number): Promise<void>;
  deleteSession(hash: string): Promise<void>;
  /** End every session of one account (password changed, disabled). */
  deleteSessionsOf(username: string): Promise<void>;
  /** Drop sessions idle since before `idleBefore` or created before `createdBefore`. */
  pruneSessions(idleBefore: number, createdBefore: number): Promise<void>;

  token(hash: string): Promise<ApiToken | undefined>;
  tokens(username?: string): Promise<ApiToken[]>;
  addToken(t: ApiToken): Promise<void>;
  /** Revoke the tokens of `username` whose id (tokenId) starts with `idPrefix`, or all of them; returns how many. */
  revokeTokens(username: string, idPrefix?: string): Promise<number>;

  close(): Promise<void>;
}

/** What kind of mistake: an invalid value (422), an account that is not there (404), or a conflict with the current state (409). */
export type AccountErrorKind = 'invalid' | 'not_found' | 'conflict';

export class AccountError extends Error {
  constructor(
    message: string,
    /** The field at fault (`username`, `role`, `counties`, `password`, `token`), when there is one. */
    readonly field?: string,
    readonly kind: AccountErrorKind = 'invalid',
  ) {
    super(message);
    this.name = 'AccountError';
  }
}

export const USERNAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export function usernameProblem(name: string): string | undefined {
  return USERNAME.test(name) ? undefined : `A user name is 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit; not "${name.slice(0, 70)}".`;
}

/** `label` names the value in the message: `--role` on the command line, `role` in the API. */
export function parseRole(role: string | undefined, label = '--role'): Role {
  if (!role || !(ROLES as readonly string[]).includes(role))
    throw new AccountError(`${label} must be one of ${ROLES.join(', ')}${role ? `, not "${role.slice(0, 20)}"` : ''}.`, 'role');
  return role as Role;
}

/** County codes, each checked against the 12 counties of Shangrao; sorted, without repeats. */
export function checkCounties(codes: readonly string[], label = '--counties'): string[] {
  if (codes.length === 0) throw new AccountError(`${label} needs at least one county code, e.g. 361130,361181.`, 'counties');
  for (const c of codes)
    if (!COUNTY_CODES.includes(c)) throw new AccountError(`Unknown county code "${String(c).slice(0, 20)}"; allowed: ${COUNTY_CODES.join(', ')}.`, 'counties');
  return [...new Set(codes)].sort();
}

/** "361130,361181" → the codes, each checked against the 12 counties of Shangrao. */
export function parseCounties(list: string): string[] {
  return checkCounties(list.split(/[\s,]+/).filter(Boolean));
}
