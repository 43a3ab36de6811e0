/**
 * Bounds the work that uncached requests can cause: at most `concurrency` bodies are built or
 * compressed at once (the rest wait in order), and one client (by remote address) may have at most
 * `perClient` such requests waiting or running. Beyond that the client is told to slow down (429),
 * so one caller varying `bbox` cannot starve the others. Cached bodies never pass through here.
 */

/** Thrown by `run` when the client already has `perClient` requests waiting or running. */
export class TooManyMisses extends Error {
  constructor(readonly limit: number) {
    super(`too many uncached requests from one client (limit ${limit})`);
    this.name = 'TooManyMisses';
  }
}

export interface MissLimits {
  /** Bodies built or compressed at the same time; default 2. */
  concurrency?: number;
  /** Uncached requests one client may have waiting or running; default 4. */
  perClient?: number;
}

export class MissLimiter {
  readonly concurrency: number;
  readonly perClient: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly byClient = new Map<string, number>();

  constructor(limits: MissLimits = {}) {
    this.concurrency = Math.max(1, limits.concurrency ?? 2);
    this.perClient = Math.max(1, limits.perClient ?? 4);
  }

  /** Run `work` within the limits; throws `TooManyMisses` at once when the client is over its share. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.perClient) throw new TooManyMisses(this.perClient);
    this.byClient.set(client, mine + 1);
    try {
      if (this.active >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
      else this.active++;
      try {
        return await work();
      } finally {
        const next = this.waiting.shift();
        if (next) next(); // hand the slot over
        else this.active--;
      }
    } finally {
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    }
  }

  /** Requests running now (for tests and diagnostics). */
  get running(): number {
    return this.active;
  }
}
