/**
 * Managing accounts: the one implementation behind both `npm run users` (scripts/users.ts) and the
 * admin API (server/api/admin.ts), so the two cannot diverge. Every function works on any
 * AccountStore and refuses a mistake with an AccountError naming the field (`username`, `role`,
 * `counties`, `password`, `disabled`, `id`) and its kind (invalid → 422, not_found → 404, conflict → 409).
 */
import { randomInt } from 'node:crypto';
import { AccountError, checkCounties, parseRole, usernameProblem, type Account, type AccountStore } from './account-store';
import type { Role } from './guard';
import { hashPassword, passwordProblem } from './passwords';
import { digest, newToken, tokenId } from './secrets';

/** What the admin page and `list` show of an account: never a hash or a secret. */
export interface AccountSummary {
  username: string;
  role: Role;
  /** County codes an editor or viewer is limited to; null = all. */
  counties: string[] | null;
  disabled: boolean;
  created: string;
  /** ISO 8601; null when not known (never signed in, or before it was recorded). */
  last_sign_in: string | null;
  tokens: TokenSummary[];
}

export interface TokenSummary {
  /** The public id (start of the token's SHA-256), as `revoke` takes it. */
  id: string;
  created: string;
  revoked: boolean;
}

/** How to name values in messages: the CLI's flags, or the API's JSON fields. */
export interface Labels {
  role: string;
  counties: string;
}
export const CLI_LABELS: Labels = { role: '--role', counties: '--counties' };
export const API_LABELS: Labels = { role: 'role', counties: 'counties' };

export function summary(a: Account, tokens: { hash: string; username: string; created: string; revoked: boolean }[]): AccountSummary {
  return {
    username: a.username,
    role: a.role,
    counties: a.counties?.length ? a.counties : null,
    disabled: a.disabled,
    created: a.created,
    last_sign_in: a.lastSignIn ?? null,
    tokens: tokens.filter((t) => t.username === a.username).map((t) => ({ id: tokenId(t.hash), created: t.created, revoked: t.revoked })),
  };
}

export async function listAccounts(store: AccountStore): Promise<AccountSummary[]> {
  const tokens = await store.tokens();
  return (await store.accounts()).map((a) => summary(a, tokens));
}

export async function existingAccount(store: AccountStore, username: string): Promise<Account> {
  const a = await store.account(username);
  if (!a) throw new AccountError(`No account "${username.slice(0, 70)}".`, 'username', 'not_found');
  return a;
}

export async function accountSummary(store: AccountStore, username: string): Promise<AccountSummary> {
  return summary(await existingAccount(store, username), await store.tokens(username));
}

function checkPassword(password: string): void {
  const problem = passwordProblem(password);
  if (problem) throw new AccountError(`${problem} Nothing changed.`, 'password');
}

function checkAdminCounties(role: Role, counties: string[] | undefined, labels: Labels): void {
  if (counties && role === 'admin')
    throw new AccountError(`An admin may do everything everywhere; ${labels.counties} is for editors and viewers.`, 'counties');
}

export interface NewAccount {
  username: string;
  role: string | undefined;
  /** Absent = all counties. */
  counties?: readonly string[];
  password: string;
}

/** Check a new account but its password (the CLI does so before asking for one); its role and counties. */
export async function checkNewAccount(store: AccountStore, input: Omit<NewAccount, 'password'>, labels: Labels = CLI_LABELS): Promise<{ role: Role; counties?: string[] }> {
  const problem = usernameProblem(input.username);
  if (problem) throw new AccountError(problem, 'username');
  const role = parseRole(input.role, labels.role);
  const counties = input.counties !== undefined ? checkCounties(input.counties, labels.counties) : undefined;
  checkAdminCounties(role, counties, labels);
  if (await store.account(input.username)) throw new AccountError(`An account "${input.username}" exists already.`, 'username', 'conflict');
  return { role, counties };
}

/** Check and add an account (the password is hashed here, never kept). */
export async function addAccount(store: AccountStore, input: NewAccount, labels: Labels = CLI_LABELS): Promise<AccountSummary> {
  const { role, counties } = await checkNewAccount(store, input, labels);
  checkPassword(input.password);
  const account: Account = { username: input.username, role, ...(counties ? { counties } : {}), passwordHash: await hashPassword(input.password), disabled: false, created: new Date().toISOString() };
  await store.addAccount(account);
  return summary(account, []);
}

export interface AccountChange {
  role?: string;
  /** null = all counties; absent = unchanged. */
  counties?: readonly string[] | null;
  /** true: signed out everywhere, its tokens stop working. */
  disabled?: boolean;
}

/**
 * Change role, counties and/or disabled, all checked before anything is written. The only active
 * admin can be neither demoted nor disabled (nobody but the command line could manage accounts).
 */
export async function changeAccount(store: AccountStore, username: string, change: AccountChange, labels: Labels = CLI_LABELS): Promise<AccountSummary> {
  const a = await existingAccount(store, username);
  const role = change.role !== undefined ? parseRole(change.role, labels.role) : a.role;
  const counties = change.counties === undefined ? a.counties : change.counties === null ? undefined : checkCounties(change.counties, labels.counties);
  const disabled = change.disabled ?? a.disabled;
  checkAdminCounties(role, counties, labels);
  if (a.role === 'admin' && !a.disabled && (role !== 'admin' || disabled)) {
    const others = (await store.accounts()).filter((x) => x.role === 'admin' && !x.disabled && x.username !== a.username);
    if (others.length === 0)
      throw new AccountError(`${a.username} is the only active admin; make another account admin first.`, role !== 'admin' ? 'role' : 'disabled', 'conflict');
  }
  await store.updateAccount(a.username, { role, counties, disabled });
  if (disabled && !a.disabled) await store.deleteSessionsOf(a.username);
  return accountSummary(store, a.username);
}

/** A new password (checked, hashed); the account's sessions end. */
export async function setPassword(store: AccountStore, username: string, password: string): Promise<void> {
  const a = await existingAccount(store, username);
  checkPassword(password);
  await store.updateAccount(a.username, { passwordHash: await hashPassword(password) });
  await store.deleteSessionsOf(a.username);
}

/** A new API token: the secret is returned once and kept only as its SHA-256. */
export async function createToken(store: AccountStore, username: string): Promise<{ id: string; token: string; created: string }> {
  const a = await existingAccount(store, username);
  if (a.disabled) throw new AccountError(`${a.username} is disabled; enable it first.`, 'username', 'conflict');
  const token = newToken();
  const created = new Date().toISOString();
  await store.addToken({ hash: digest(token), username: a.username, created, revoked: false });
  return { id: tokenId(digest(token)), token, created };
}

export const TOKEN_ID = /^[0-9a-f]{4,12}$/;

/** Revoke one token (by its id or a prefix of it) or, without an id, all of the account's; returns how many. */
export async function revokeTokens(store: AccountStore, username: string, id?: string): Promise<number> {
  const a = await existingAccount(store, username);
  if (id !== undefined && !TOKEN_ID.test(id)) throw new AccountError('A token id is 4 to 12 hexadecimal digits, as listed with the account.', 'id');
  return store.revokeTokens(a.username, id);
}

const WORDS = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A password to hand over: 4 groups of 5 characters without look-alikes (about 100 bits). */
export function generatePassword(): string {
  const group = () => Array.from({ length: 5 }, () => WORDS[randomInt(WORDS.length)]).join('');
  return [group(), group(), group(), group()].join('-');
}
