/**
 * What the request says about where it comes from, read the same way for cookies, cross-site
 * checks and addresses. Behind a TLS-terminating proxy (`TRUST_PROXY=1`) the proxy's
 * X-Forwarded-Proto / -Host / -For are believed; otherwise they are ignored.
 */
import type { Context } from 'hono';

export interface RequestOrigin {
  /** Served over HTTPS (directly, or to the proxy when it is trusted). */
  https: boolean;
  /** Our own origin as the browser sees it, e.g. https://map.example.gov.cn. */
  own: string;
  /** The client's address. */
  address: string;
}

const first = (v: string | undefined) => v?.split(',')[0]?.trim() || undefined;
const last = (v: string | undefined) => v?.split(',').at(-1)?.trim() || undefined;

export function requestOrigin(c: Context, trustProxy: boolean): RequestOrigin {
  const url = new URL(c.req.url);
  const proto = (trustProxy && first(c.req.header('X-Forwarded-Proto'))?.toLowerCase()) || url.protocol.replace(':', '');
  const host = (trustProxy && first(c.req.header('X-Forwarded-Host'))) || c.req.header('Host') || url.host;
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const socket = env?.incoming?.socket?.remoteAddress ?? 'local';
  return { https: proto === 'https', own: `${proto}://${host}`.toLowerCase(), address: (trustProxy && last(c.req.header('X-Forwarded-For'))) || socket };
}

/**
 * Whether a request comes from another site: its Origin is not ours, or — without an Origin — its
 * Sec-Fetch-Site is neither same-origin nor none (typed by the user). A request with neither
 * header (curl, old browsers) is not judged cross-site.
 */
export function isCrossSite(headers: { origin?: string; secFetchSite?: string }, own: string): boolean {
  if (headers.origin !== undefined) return headers.origin.toLowerCase() !== own;
  if (headers.secFetchSite !== undefined) return !['same-origin', 'none'].includes(headers.secFetchSite.toLowerCase());
  return false;
}
