/**
 * Serialised and compressed response bodies, computed once per (key, data version) and reused:
 * a JSON body is stringified once, and gzip / brotli are made the first time a client asks for them.
 * Bounded by bytes, least recently used first out.
 */
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

export class CachedBody {
  readonly etag: string;
  private readonly encoded = new Map<Encoding, Buffer>();

  constructor(
    readonly raw: Buffer,
    readonly contentType: string,
  ) {
    this.etag = `"${createHash('sha1').update(raw).digest('base64url')}"`;
    this.encoded.set('identity', raw);
  }

  static json(value: unknown, contentType = 'application/json; charset=utf-8'): CachedBody {
    return new CachedBody(Buffer.from(JSON.stringify(value)), contentType);
  }

  /** The body in `encoding`, compressed on first use. */
  bytes(encoding: Encoding): Buffer {
    let b = this.encoded.get(encoding);
    if (!b) {
      b =
        encoding === 'br'
          ? brotliCompressSync(this.raw, {
              params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: this.raw.length },
            })
          : gzipSync(this.raw, { level: 9 });
      this.encoded.set(encoding, b);
    }
    return b;
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

/** LRU of CachedBody by key, bounded by total bytes. */
export class ResponseCache {
  private readonly entries = new Map<string, CachedBody>();
  private bytes = 0;

  /** @param maxBytes upper bound of raw + compressed bytes held; default 64 MiB. */
  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  async getOrCreate(key: string, make: () => Promise<CachedBody>): Promise<CachedBody> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const body = await make();
    this.entries.set(key, body);
    this.bytes += body.raw.length;
    this.evict();
    return body;
  }

  /** Account for compressed variants added after creation, then evict. */
  touch(body: CachedBody, before: number): void {
    this.bytes += body.size - before;
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
}
