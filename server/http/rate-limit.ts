/**
 * A fixed-window request budget per key (e.g. per account): `take(key)` spends one request and
 * says how many seconds to wait when the window's budget is gone (answer 429 with Retry-After).
 * In memory, per server.
 */
export interface RateLimits {
  /** Requests allowed per window and key. */
  perWindow: number;
  windowMs: number;
}

export class RateLimit {
  private readonly windows = new Map<string, { used: number; resetAt: number }>();

  constructor(
    readonly limits: RateLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** 0 when the request may go ahead (and is counted), else the seconds until the next window. */
  take(key: string): number {
    const now = this.now();
    if (this.windows.size > 10_000) for (const [k, w] of this.windows) if (w.resetAt <= now) this.windows.delete(k);
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      w = { used: 0, resetAt: now + this.limits.windowMs };
      this.windows.set(key, w);
    }
    if (w.used >= this.limits.perWindow) return Math.max(1, Math.ceil((w.resetAt - now) / 1000));
    w.used++;
    return 0;
  }
}
