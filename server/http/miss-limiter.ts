/**
 * Bounds the work that ad-hoc uncached requests (a filter or bbox not asked before) can cause: at
 * most `concurrency` such bodies are built or compressed at once; the rest wait, served round-robin
 * across clients (by remote address), so one caller varying `bbox` delays another's query by at most
 * one body per slot. One client may have at most `perClient` such requests waiting or running;
 * beyond that it is told to slow down (429). Cached bodies, and the few fixed bodies (the registry,
 * whole layers, counties, measures), never pass through here.
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
  /** Uncached requests one client may have waiting or running; default 8. */
  perClient?: number;
}

export const DEFAULT_MISS_LIMITS = { concurrency: 2, perClient: 8 } as const;

export class MissLimiter {
  readonly concurrency: number;
  readonly perClient: number;
  private active = 0;
  /** Waiting starts per client; Map order is the round-robin order. */
  private readonly queues = new Map<string, (() => void)[]>();
  private readonly byClient = new Map<string, number>();

  constructor(limits: MissLimits = {}) {
    this.concurrency = Math.max(1, limits.concurrency ?? DEFAULT_MISS_LIMITS.concurrency);
    this.perClient = Math.max(1, limits.perClient ?? DEFAULT_MISS_LIMITS.perClient);
  }

  /** Run `work` within the limits; throws `TooManyMisses` at once when the client is over its share. */
  async run<T>(client: string, work: () => Promise<T>): Promise<T> {
    const mine = this.byClient.get(client) ?? 0;
    if (mine >= this.perClient) throw new TooManyMisses(this.perClient);
    this.byClient.set(client, mine + 1);
    try {
      if (this.active >= this.concurrency) await new Promise<void>((go) => this.enqueue(client, go));
      else this.active++;
      try {
        return await work();
      } finally {
        this.handOver();
      }
    } finally {
      const left = (this.byClient.get(client) ?? 1) - 1;
      if (left > 0) this.byClient.set(client, left);
      else this.byClient.delete(client);
    }
  }

  private enqueue(client: string, go: () => void): void {
    const q = this.queues.get(client);
    if (q) q.push(go);
    else this.queues.set(client, [go]);
  }

  /** Give the freed slot to the next client in turn (that client then goes to the back). */
  private handOver(): void {
    for (const [client, q] of this.queues) {
      const go = q.shift()!;
      this.queues.delete(client);
      if (q.length) this.queues.set(client, q);
      go();
      return;
    }
    this.active--;
  }

  /** Requests running now (for tests and diagnostics). */
  get running(): number {
    return this.active;
  }
}
