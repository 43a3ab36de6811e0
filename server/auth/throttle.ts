/**
 * Sign-in throttling: failed attempts are counted per key (the account name, the client's address)
 * in a fixed window; a key at its limit is refused until the window ends (429 with Retry-After).
 * A success clears the account's count, not the address's. Kept in memory per server: each server
 * of a group throttles on its own (a group of N allows N times the attempts, still far too few to
 * guess an Argon2id-hashed password of 10+ characters).
 */
export interface ThrottleLimits {
  /** Failures allowed per window for one account name. */
  perAccount: number;
  /** Failures allowed per window from one address. */
  perAddress: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { perAccount: 5, perAddress: 30, windowMs: 15 * 60_000 };

interface Count {
  failures: number;
  resetAt: number;
}

export class SignInThrottle {
  private readonly counts = new Map<string, Count>();

  constructor(
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  private keys(account: string, address: string): [string, number][] {
    return [
      [`a:${account.toLowerCase()}`, this.limits.perAccount],
      [`ip:${address}`, this.limits.perAddress],
    ];
  }

  private live(key: string): Count | undefined {
    const c = this.counts.get(key);
    if (c && c.resetAt <= this.now()) {
      this.counts.delete(key);
      return undefined;
    }
    return c;
  }

  /** Seconds to wait before another attempt may be made, or 0 when one may be made now. */
  retryAfter(account: string, address: string): number {
    let wait = 0;
    for (const [key, limit] of this.keys(account, address)) {
      const c = this.live(key);
      if (c && c.failures >= limit) wait = Math.max(wait, Math.ceil((c.resetAt - this.now()) / 1000));
    }
    return wait;
  }

  failed(account: string, address: string): void {
    if (this.counts.size > 100_000) for (const k of [...this.counts.keys()]) this.live(k);
    for (const [key] of this.keys(account, address)) {
      const c = this.live(key) ?? { failures: 0, resetAt: this.now() + this.limits.windowMs };
      c.failures++;
      this.counts.set(key, c);
    }
  }

  succeeded(account: string): void {
    this.counts.delete(`a:${account.toLowerCase()}`);
  }
}
