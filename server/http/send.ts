/** Send a CachedBody with per-encoding ETags / 304, content negotiation and caching headers. */
import type { Context } from 'hono';
import { etagBase, negotiateEncoding, type CachedBody } from './response-cache';

/** Cache-Control for public API data: fresh a minute, then revalidated with the ETag. */
export const API_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

/**
 * The If-None-Match tag naming this body in any encoding (or `*`), if any. A client that holds the
 * gzip variant and revalidates it gets 304 with that variant's tag, whatever it accepts now.
 */
function matchingTag(ifNoneMatch: string | undefined, body: CachedBody): string | undefined {
  if (!ifNoneMatch) return undefined;
  if (ifNoneMatch.trim() === '*') return body.etag('identity');
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim())
    .find((t) => etagBase(t) === body.hash);
}

export interface SendOptions {
  cacheControl?: string;
  /** Runs a compression that is not cached yet (the miss limiter); default: run it directly. */
  limit?: <T>(work: () => Promise<T>) => Promise<T>;
}

export async function sendBody(c: Context, body: CachedBody, opts: SendOptions = {}): Promise<Response> {
  const encoding = negotiateEncoding(c.req.header('Accept-Encoding'), body.raw.length);
  const headers: Record<string, string> = {
    ETag: body.etag(encoding),
    'Cache-Control': opts.cacheControl ?? API_CACHE_CONTROL,
    Vary: 'Accept-Encoding',
  };
  const held = matchingTag(c.req.header('If-None-Match'), body);
  if (held) {
    headers.ETag = held.replace(/^W\//, '');
    return new Response(null, { status: 304, headers });
  }
  const bytes = body.has(encoding) || !opts.limit ? await body.bytes(encoding) : await opts.limit(() => body.bytes(encoding));
  headers['Content-Type'] = body.contentType;
  headers['Content-Length'] = String(bytes.length);
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  return new Response(c.req.method === 'HEAD' ? null : (new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as BodyInit), {
    status: 200,
    headers,
  });
}
