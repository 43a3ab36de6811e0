/** Send a CachedBody with ETag / 304, content negotiation and caching headers. */
import type { Context } from 'hono';
import { negotiateEncoding, type CachedBody, type ResponseCache } from './response-cache';

/** Cache-Control for public API data: fresh a minute, then revalidated with the ETag. */
export const API_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

export function sendBody(c: Context, body: CachedBody, cache?: ResponseCache, cacheControl = API_CACHE_CONTROL): Response {
  const headers: Record<string, string> = {
    ETag: body.etag,
    'Cache-Control': cacheControl,
    Vary: 'Accept-Encoding',
  };
  if (etagMatches(c.req.header('If-None-Match'), body.etag)) return new Response(null, { status: 304, headers });
  const encoding = negotiateEncoding(c.req.header('Accept-Encoding'), body.raw.length);
  const before = body.size;
  const bytes = body.bytes(encoding);
  cache?.touch(body, before);
  headers['Content-Type'] = body.contentType;
  headers['Content-Length'] = String(bytes.length);
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  return new Response(c.req.method === 'HEAD' ? null : (new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as BodyInit), {
    status: 200,
    headers,
  });
}
