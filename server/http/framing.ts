/**
 * Content-Security-Policy per page. `/embed` is framed by other sites (any by default, or a
 * configured list); `/` and `/screen` only by our own origin unless configured; `/admin` by nobody.
 */
import type { ServerConfig } from '../config';

const BASEMAP_HOSTS: Record<'osm' | 'tianditu', string[]> = {
  osm: ['https://tile.openstreetmap.org'],
  tianditu: ['https://*.tianditu.gov.cn'],
};

export type PageKind = 'app' | 'embed' | 'admin';

/** The CSP header value for a page kind under a configuration. Computed once per kind. */
export function pageCsp(kind: PageKind, cfg: ServerConfig): string {
  // The deployer's own style (BASEMAP_STYLE): its origin, where its tiles, glyphs and sprite are expected.
  const hosts = [...cfg.basemaps.flatMap((b) => BASEMAP_HOSTS[b]), ...(cfg.basemapStyle ? [new URL(cfg.basemapStyle).origin] : [])];
  const ancestors = kind === 'embed' ? cfg.embedFrameAncestors : kind === 'admin' ? ["'none'"] : ["'self'", ...cfg.appFrameAncestors];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob: ${hosts.join(' ')}`.trim(),
    "font-src 'self' data:",
    `connect-src 'self' ${hosts.join(' ')}`.trim(),
    "worker-src 'self' blob:",
    "child-src 'self' blob:",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${ancestors.join(' ')}`,
  ].join('; ');
}

/** X-Frame-Options for old browsers: only where framing is limited to our own origin. */
export function xFrameOptions(kind: PageKind, cfg: ServerConfig): string | undefined {
  if (kind === 'admin') return 'DENY';
  return kind === 'app' && cfg.appFrameAncestors.length === 0 ? 'SAMEORIGIN' : undefined;
}
