/** The whole HTTP app: guards, the API under /api, the three pages and static files. */
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { adminMethods, createAdminRoutes } from './api/admin';
import { createApi } from './api/routes';
import type { RateLimits } from './http/rate-limit';
import type { MissLimits } from './http/miss-limiter';
import { allowedMethods, createWrites } from './api/writes';
import { createImports } from './api/imports';
import { createExports } from './api/exports';
import type { Authenticator } from './auth/authenticator';
import { noAccounts, type Guard } from './auth/guard';
import { createSessionRoutes } from './api/session';
import { publicConfig, type ServerConfig } from './config';
import { apiError } from './http/errors';
import { createBasemap } from './basemap/routes';
import { createOgc } from './ogc/routes';
import { createPages } from './pages';
import { createTiles } from './tiles/routes';
import { StoreUnavailableError } from './store/errors';
import { isWritable, type FeatureStore } from './store/types';

export interface AppOptions {
  store: FeatureStore;
  config: ServerConfig;
  /** Directory of the built web app; default `config.webDir`. */
  webDir?: string;
  /** Bounds of the work uncached API requests may cause; default `config.missLimits`. */
  missLimits?: MissLimits;
  /** Who is asking (server/auth). Default: `auth`, else no accounts — every write answers 401. */
  guard?: Guard;
  /** Accounts, sessions and tokens: the real guard plus /api/session and /api/admin. */
  auth?: Authenticator;
  /** Account changes allowed per admin and window (server/api/admin.ts); default 120 a minute. */
  adminLimits?: RateLimits;
}

/** First query key or value that is not valid percent-encoded UTF-8, if any. */
function badlyEncodedParameter(url: string): string | undefined {
  const qs = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  for (const part of qs.split('&')) {
    // Only the first "=" separates key and value: in "q=a=%ZZ" the value is "a=%ZZ".
    const eq = part.indexOf('=');
    const k = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1);
    for (const s of [k, v]) {
      try {
        decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return k.slice(0, 40);
      }
    }
  }
  return undefined;
}

export async function createApp({ store, config, webDir = config.webDir, missLimits, guard, auth, adminLimits }: AppOptions) {
  const app = new Hono();
  // One Referrer-Policy for everything (secureHeaders' default, no-referrer, overwrote the pages'
  // own): origins only, so a tile server that checks its key against the referring site can.
  app.use(
    '*',
    secureHeaders({
      xFrameOptions: false,
      contentSecurityPolicy: undefined,
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginEmbedderPolicy: false,
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );

  app.use('*', async (c, next) => {
    const allowed =
      (auth && adminMethods(c.req.path)) ||
      (isWritable(store) || (auth && /^\/api\/session\/?$/.test(c.req.path)) ? allowedMethods(c.req.path) : ['GET', 'HEAD', 'OPTIONS']);
    if (!allowed.includes(c.req.method)) {
      c.header('Allow', allowed.join(', '));
      return apiError(c, 405, 'method_not_allowed', `Method ${c.req.method.slice(0, 20)} is not allowed here; this path allows ${allowed.join(', ')}.`);
    }
    const rawPath = c.req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0];
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      return apiError(c, 400, 'bad_path', 'The path is not valid percent-encoded UTF-8.');
    }
    if (/(^|[/\\])\.\.([/\\]|$)/.test(path) || path.includes('\0') || path.includes('\\'))
      return apiError(c, 400, 'bad_path', 'The path may not contain "..", backslashes or NUL characters.');
    const bad = badlyEncodedParameter(c.req.url);
    if (bad !== undefined)
      return apiError(c, 400, 'bad_encoding', `Parameter "${bad}" is not valid percent-encoded UTF-8.`, bad);
    await next();
  });

  const who = guard ?? auth ?? noAccounts;
  const trustProxy = auth?.settings.trustProxy ?? false;
  const wings = [
    ...(auth ? [createSessionRoutes(auth), createAdminRoutes({ accounts: auth.accounts, guard: who, trustProxy, limits: adminLimits })] : []),
    createExports({ store, guard: who }),
    ...(isWritable(store) ? [createWrites({ store, guard: who, trustProxy }), createImports({ store, guard: who, trustProxy, limits: config.importLimits })] : []),
  ];
  app.route('/', await createApi({ store, publicConfig: publicConfig(config), missLimits: missLimits ?? config.missLimits, wings }));
  app.route('/', createOgc({ store }));
  app.route('/', createTiles({ store }));
  app.route('/', createBasemap(config.basemapPmtiles));
  app.route('/', createPages(config, webDir));

  app.notFound((c) =>
    c.req.path.startsWith('/api')
      ? apiError(c, 404, 'not_found', `No endpoint at ${c.req.path.slice(0, 80)}; see /api/openapi.json for the endpoints.`)
      : c.text('Not found. The views are /, /screen, /embed and /admin.', 404),
  );

  app.onError((err, c) => {
    if (err instanceof URIError) return apiError(c, 400, 'bad_encoding', 'The request is not valid percent-encoded UTF-8.');
    if (err instanceof StoreUnavailableError) {
      c.header('Retry-After', String(err.retryAfter));
      return apiError(c, 503, 'store_unavailable', err.message);
    }
    console.error(`error on ${c.req.method} ${c.req.path.slice(0, 200)}: ${err.message}`);
    return c.json({ error: { code: 'internal', message: 'Internal error; it has been logged.' } }, 500);
  });

  return app;
}
