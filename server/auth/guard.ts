/**
 * Who is asking: the hook the write routes (and reads that depend on the caller) go through.
 * Production uses the `Authenticator` (authenticator.ts: sessions and API tokens in the store's
 * accounts). `noAccounts` identifies nobody (every write 401): the default of `createApp` when no
 * accounts are given. Tests may inject a guard of their own through `createApp({ guard })` — never
 * through the environment or a header that production would read.
 */
import type { Context } from 'hono';

export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Identity {
  username: string;
  role: Role;
  /** An editor limited to these counties (GB/T 2260 codes); absent = all. */
  counties?: string[];
  /** How the caller proved it: a session cookie (subject to the cross-site check) or an API token. */
  via?: 'session' | 'token';
}

export interface Guard {
  /** The caller, or null when the request carries no (valid) credentials. */
  identify(c: Context): Promise<Identity | null>;
}

/** Production until accounts exist: nobody is identified. */
export const noAccounts: Guard = {
  identify: async () => null,
};

/** May this identity write (create, edit, delete, report progress, revert)? */
export const canWrite = (who: Identity | null): boolean => who?.role === 'editor' || who?.role === 'admin';

/** May this identity read everything, names and non-public fields included? */
export const canReadAll = (who: Identity | null): boolean => who !== null;
