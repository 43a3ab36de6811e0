/**
 * The real Guard: identifies the caller by an API token (`Authorization: Bearer …`) or by a session
 * cookie, both looked up in the AccountStore by their SHA-256; signs in (throttled, same answer and
 * the same work for an unknown user as for a wrong password) and out. Sessions expire after idle
 * time and after a maximum age; a disabled account is nobody, whatever it holds.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Account, AccountStore } from './account-store';
import type { Guard, Identity } from './guard';
import { verifyPassword } from './passwords';
import { digest, newSecret } from './secrets';
import { DEFAULT_THROTTLE, SignInThrottle, type ThrottleLimits } from './throttle';

/** Over HTTPS the cookie takes the __Host- prefix (Secure, Path=/, no Domain: set by this host only). */
export const COOKIE_SECURE = '__Host-sgm_session';
export const COOKIE_PLAIN = 'sgm_session';

export interface AuthSettings {
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. */
  maxMs: number;
  /** Believe X-Forwarded-Proto/-Host/-For (a TLS-terminating proxy in front). */
  trustProxy: boolean;
  throttle?: ThrottleLimits;
  now?: () => number;
}

export type SignInResult = { ok: true; identity: Identity; secret: string } | { ok: false; retryAfter?: number };

/** The identity an account gives (an admin is never limited to counties). */
export function identityOf(a: Account, via: Identity['via']): Identity {
  return { username: a.username, role: a.role, ...(a.role !== 'admin' && a.counties?.length ? { counties: a.counties } : {}), via };
}

/** How often a session's last use is written back (not on every request). */
const TOUCH_EVERY_MS = 60_000;

export class Authenticator implements Guard {
  readonly throttle: SignInThrottle;
  private readonly now: () => number;
  /** One lookup per request, however many times the routes ask. */
  private readonly seen = new WeakMap<Request, Promise<Identity | null>>();

  constructor(
    readonly accounts: AccountStore,
    readonly settings: AuthSettings,
  ) {
    this.now = settings.now ?? Date.now;
    this.throttle = new SignInThrottle(settings.throttle ?? DEFAULT_THROTTLE, this.now);
  }

  identify(c: Context): Promise<Identity | null> {
    let p = this.seen.get(c.req.raw);
    if (!p) {
      p = this.lookup(c);
      this.seen.set(c.req.raw, p);
    }
    return p;
  }

  /** The session secret the request's cookie carries, if any. */
  sessionSecret(c: Context): string | undefined {
    return getCookie(c, COOKIE_SECURE) ?? getCookie(c, COOKIE_PLAIN);
  }

  private async active(username: string): Promise<Account | undefined> {
    const a = await this.accounts.account(username);
    return a && !a.disabled ? a : undefined;
  }

  private async lookup(c: Context): Promise<Identity | null> {
    const auth = c.req.header('Authorization');
    if (auth !== undefined) {
      const m = /^Bearer +([A-Za-z0-9_-]{1,200})$/.exec(auth.trim());
      if (!m) return null;
      const t = await this.accounts.token(digest(m[1]));
      if (!t || t.revoked) return null;
      const a = await this.active(t.username);
      return a ? identityOf(a, 'token') : null;
    }
    const secret = this.sessionSecret(c);
    if (!secret || secret.length > 200) return null;
    const s = await this.accounts.session(digest(secret));
    if (!s) return null;
    const now = this.now();
    if (now - s.lastSeen > this.settings.idleMs || now - s.created > this.settings.maxMs) {
      await this.accounts.deleteSession(s.hash);
      return null;
    }
    const a = await this.active(s.username);
    if (!a) return null;
    if (now - s.lastSeen > TOUCH_EVERY_MS) await this.accounts.touchSession(s.hash, now);
    return identityOf(a, 'session');
  }

  /**
   * Check a name and password; on success start a new session (its secret goes into the cookie).
   * `previous`, the secret of the session the browser had, is ended (rotation at sign-in).
   */
  async signIn(username: string, password: string, address: string, previous?: string): Promise<SignInResult> {
    const wait = this.throttle.retryAfter(username, address);
    if (wait > 0) return { ok: false, retryAfter: wait };
    const a = await this.accounts.account(username);
    const usable = a && !a.disabled && a.passwordHash ? a : undefined;
    const ok = await verifyPassword(usable?.passwordHash ?? null, password);
    if (!ok || !usable) {
      this.throttle.failed(username, address);
      return { ok: false };
    }
    this.throttle.succeeded(username);
    if (previous) await this.accounts.deleteSession(digest(previous));
    const now = this.now();
    await this.accounts.pruneSessions(now - this.settings.idleMs, now - this.settings.maxMs);
    const secret = newSecret();
    await this.accounts.addSession({ hash: digest(secret), username: usable.username, created: now, lastSeen: now });
    await this.accounts.updateAccount(usable.username, { lastSignIn: new Date(now).toISOString() });
    return { ok: true, identity: identityOf(usable, 'session'), secret };
  }

  async signOut(c: Context): Promise<void> {
    const secret = this.sessionSecret(c);
    if (secret) await this.accounts.deleteSession(digest(secret));
  }
}
