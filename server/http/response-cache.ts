/**
 * Serialised and compressed response bodies, computed once per (key, data version) and reused:
 * a JSON body is serialised once, and gzip / brotli are made the first time a client asks for them,
 * on libuv's thread pool (async zlib), never on the event loop. Bounded by bytes, least recently
 * used first out.
 *
 * Each encoding has its own strong ETag (`"<hash>"`, `"<hash>-gz"`, `"<hash>-br"`, the hash being
 * the raw body's), as RFC 9110 asks of different representations; `etagBase` maps any of them back
 * to the hash, so a validator "as served in any content encoding" can be recognised (If-None-Match
 * here, If-Match for writes).
 */
import { webcrypto } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

/**
 * `best` for bodies made a handful of times (the registry, the measures, whole layers): the
 * smallest transfer. `fast` for bodies of ad-hoc queries (filters, bbox, paging), where a new body
 * on every request is possible: compression costs a fraction of `best` and the bytes are a few %
 * more (bench/RESULTS.md).
 */
export type Effort = 'best' | 'fast';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const LEVELS: Record<Effort, { br: number; gzip: number }> = {
  best: { br: 9, gzip: 9 },
  fast: { br: 4, gzip: 5 },
};

const SUFFIX: Record<Encoding, string> = { identity: '', gzip: '-gz', br: '-br' };

/** The body hash inside an ETag of any encoding (`W/"abc-gz"` → `abc`), or undefined if not ours. */
export function etagBase(tag: string): string | undefined {
  const m = /^(?:W\/)?"([A-Za-z0-9_-]+?)(?:-gz|-br)?"$/.exec(tag.trim());
  return m?.[1];
}

async function compress(raw: Buffer, encoding: Exclude<Encoding, 'identity'>, effort: Effort): Promise<Buffer> {
  return encoding === 'br'
    ? brotliAsync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: LEVELS[effort].br, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : gzipAsync(raw, { level: LEVELS[effort].gzip });
}

export class CachedBody {
  /** Hash of the raw body: the ETag of the identity encoding, without quotes. */
  readonly hash: string;
  private readonly encoded = new Map<Encoding, Buffer>();
  private readonly pending = new Map<Encoding, Promise<Buffer>>();
  /** Called with the bytes added when a compressed variant is made (the cache's accounting). */
  onGrow?: (bytes: number) => void;

  private constructor(
    readonly raw: Buffer,
    readonly contentType: string,
    readonly effort: Effort,
    hash: string,
  ) {
    this.hash = hash;
    this.encoded.set('identity', raw);
  }

  /**
   * A body from its bytes; the hash (SHA-1, base64url) is computed off the event loop. `prefix`
   * leads the hash (a feature's version: `"3-…"`, read back by If-Match, http/etag.ts).
   */
  static async of(raw: Buffer, contentType: string, effort: Effort = 'best', prefix?: string): Promise<CachedBody> {
    const digest = await webcrypto.subtle.digest('SHA-1', raw as Uint8Array<ArrayBuffer>);
    const hash = Buffer.from(digest).toString('base64url');
    return new CachedBody(raw, contentType, effort, prefix ? `${prefix}-${hash.slice(0, 16)}` : hash);
  }

  static json(value: unknown, contentType = 'application/json; charset=utf-8', effort: Effort = 'best'): Promise<CachedBody> {
    return CachedBody.of(Buffer.from(JSON.stringify(value)), contentType, effort);
  }

  /** The strong ETag of the body in `encoding`. */
  etag(encoding: Encoding): string {
    return `"${this.hash}${SUFFIX[encoding]}"`;
  }

  /** Whether the body in `encoding` is made already (no compression needed to send it). */
  has(encoding: Encoding): boolean {
    return this.encoded.has(encoding);
  }

  /** The body in `encoding`, compressed on first use (once, however many ask at the same time). */
  async bytes(encoding: Encoding): Promise<Buffer> {
    const done = this.encoded.get(encoding);
    if (done) return done;
    let p = this.pending.get(encoding);
    if (!p) {
      p = compress(this.raw, encoding as Exclude<Encoding, 'identity'>, this.effort).then((b) => {
        this.encoded.set(encoding, b);
        this.pending.delete(encoding);
        this.onGrow?.(b.length);
        return b;
      });
      this.pending.set(encoding, p);
    }
    return p;
  }

  get size(): number {
    let n = 0;
    for (const b of this.encoded.values()) n += b.length;
    return n;
  }
}

/** Pick the best encoding the client accepts; small bodies are not worth compressing. */
export function negotiateEncoding(acceptEncoding: string | undefined, bodyLength: number): Encoding {
  if (!acceptEncoding || bodyLength < 512) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const ok = (e: string) => (accepted.get(e) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

/**
 * LRU of CachedBody by key, bounded by total bytes (raw plus compressed variants). Concurrent
 * misses of one key share one `make()`.
 */
export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>();
  private readonly making = new Map<string, Promise<CachedBody>>();
  private bytes = 0;

  /** @param maxBytes upper bound of raw + compressed bytes held; default 64 MiB. */
  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /** The cached body, refreshed as most recently used; undefined on a miss. */
  get(key: string): CachedBody | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  async getOrCreate(key: string, make: () => Promise<CachedBody>): Promise<CachedBody> {
    const hit = this.get(key);
    if (hit) return hit;
    const inFlight = this.making.get(key);
    if (inFlight) return inFlight;
    const p = make().then(
      (body) => {
        this.making.delete(key);
        this.add(key, body);
        return body;
      },
      (e: unknown) => {
        this.making.delete(key);
        throw e;
      },
    );
    this.making.set(key, p);
    return p;
  }

  private add(key: string, body: CachedBody): void {
    this.entries.set(key, body);
    this.bytes += body.size;
    body.onGrow = (n) => {
      if (this.entries.get(key) !== body) return; // evicted meanwhile
      this.bytes += n;
      this.evict();
    };
    this.evict();
  }

  private evict(): void {
    for (const [key, body] of this.entries) {
      if (this.bytes <= this.maxBytes || this.entries.size <= 1) break;
      this.entries.delete(key);
      this.bytes -= body.size;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held (raw and compressed). */
  get heldBytes(): number {
    return this.bytes;
  }
}
