/** The calls the /admin page makes: /api/session and /api/admin (docs/contract.md, "Accounts and roles"). */

export type Role = 'viewer' | 'editor' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

export interface SessionInfo {
  username: string;
  role: Role;
  counties: string[] | null;
}

export interface TokenInfo {
  id: string;
  created: string;
  revoked: boolean;
}

export interface AccountInfo {
  username: string;
  role: Role;
  counties: string[] | null;
  disabled: boolean;
  created: string;
  last_sign_in: string | null;
  tokens: TokenInfo[];
}

/** A refused request, as the server said it (the contract's error body), or a network failure (status 0). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly parameter?: string,
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
    });
  } catch (e) {
    throw new Problem(0, 'network', (e as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const data = (await res.json().catch(() => undefined)) as { error?: { code: string; message: string; parameter?: string } } | undefined;
  if (!res.ok) {
    const e = data?.error;
    throw new Problem(res.status, e?.code ?? 'http', e?.message ?? `HTTP ${res.status}`, e?.parameter, Number(res.headers.get('Retry-After')) || undefined);
  }
  return data as T;
}

const account = (name: string) => `/api/admin/accounts/${encodeURIComponent(name)}`;

export const api = {
  /** Who is signed in, or null. */
  session: async (): Promise<SessionInfo | null> => {
    try {
      return await call<SessionInfo>('GET', '/api/session');
    } catch (e) {
      if (e instanceof Problem && e.status === 401) return null;
      throw e;
    }
  },
  signOut: () => call<void>('DELETE', '/api/session'),
  accounts: async () => (await call<{ accounts: AccountInfo[] }>('GET', '/api/admin/accounts')).accounts,
  add: (input: { username: string; role: Role; counties: string[] | null; password?: string }) =>
    call<{ account: AccountInfo; password?: string }>('POST', '/api/admin/accounts', input),
  change: (name: string, change: { role?: Role; counties?: string[] | null; disabled?: boolean }) => call<AccountInfo>('PATCH', account(name), change),
  setPassword: (name: string, password?: string) => call<{ username: string; password?: string }>('POST', `${account(name)}/password`, password === undefined ? {} : { password }),
  newToken: (name: string) => call<{ id: string; token: string; created: string }>('POST', `${account(name)}/tokens`),
  revoke: (name: string, id?: string) => call<{ revoked: number }>('DELETE', id ? `${account(name)}/tokens/${encodeURIComponent(id)}` : `${account(name)}/tokens`),
};
