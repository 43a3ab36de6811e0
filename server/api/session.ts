/**
 * Sign-in, who-am-I and sign-out (docs/contract.md, "Accounts and roles"): thin routes over the
 * Authenticator. The cookie is HttpOnly, SameSite=Lax, Path=/, Secure (and __Host-) over HTTPS.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { COOKIE_PLAIN, COOKIE_SECURE, type Authenticator } from '../auth/authenticator';
import type { Identity } from '../auth/guard';
import { isCrossSite, requestOrigin } from '../auth/origin';
import { apiError } from '../http/errors';
import { ErrorSchema } from './schemas';
import { validationHook } from './validation';

/** Readable by the page: "someone signed in here" (never a secret). */
export const HINT_COOKIE = 'sgm_signed_in';
const PRIVATE = { 'Cache-Control': 'private, no-store', Vary: 'Authorization, Cookie' };
const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });
const SessionSchema = z
  .object({ username: z.string(), role: z.enum(['viewer', 'editor', 'admin']), counties: z.array(z.string()).nullable().openapi({ description: 'County codes an editor is limited to; null = all.' }) })
  .openapi('Session');
const answer = (who: Identity) => ({ username: who.username, role: who.role, counties: who.counties ?? null });

/** Refuse a cookie-carrying or sign-in request from another site (403), else undefined. */
export function crossSiteRefusal(c: Context, trustProxy: boolean): Response | undefined {
  const { own } = requestOrigin(c, trustProxy);
  if (isCrossSite({ origin: c.req.header('Origin'), secFetchSite: c.req.header('Sec-Fetch-Site') }, own))
    return apiError(c, 403, 'cross_site', `Requests with a session cookie must come from this site (${own}); this one came from ${(c.req.header('Origin') ?? 'another site').slice(0, 80)}. Scripts use "Authorization: Bearer TOKEN".`);
  return undefined;
}

export function createSessionRoutes(auth: Authenticator) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  const { trustProxy, maxMs } = auth.settings;

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/session',
      description: 'Sign in with {"username", "password"} (JSON). Sets the session cookie (a new one at every sign-in). A wrong name and a wrong password get the same 401; too many failures for one account or from one address get 429 with Retry-After.',
      responses: {
        200: json(SessionSchema, 'Signed in; Set-Cookie carries the session.'),
        400: json(ErrorSchema, 'Not JSON, or not {"username", "password"} strings.'),
        401: json(ErrorSchema, 'Wrong user name or password (or the account is disabled).'),
        403: json(ErrorSchema, 'Sent from another site.'),
        415: json(ErrorSchema, 'Body is not JSON.'),
        429: json(ErrorSchema, 'Too many failed sign-ins; retry after Retry-After seconds.'),
      },
    }),
    async (c) => {
      const refused = crossSiteRefusal(c, trustProxy);
      if (refused) return refused as never;
      if (!/^application\/json\s*(;|$)/i.test(c.req.header('Content-Type') ?? ''))
        return apiError(c, 415, 'unsupported_media_type', 'Sign in with a JSON body (Content-Type: application/json): {"username": "…", "password": "…"}.') as never;
      const text = await c.req.text();
      if (text.length > 4096) return apiError(c, 413, 'body_too_large', 'The sign-in body may be at most 4096 bytes.') as never;
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return apiError(c, 400, 'bad_json', 'The body is not valid JSON; send {"username": "…", "password": "…"}.') as never;
      }
      const { username, password } = (body ?? {}) as Record<string, unknown>;
      if (typeof username !== 'string' || username === '' || username.length > 64)
        return apiError(c, 400, 'bad_body', 'username must be a non-empty string of at most 64 characters.', 'username') as never;
      if (typeof password !== 'string' || password === '') return apiError(c, 400, 'bad_body', 'password must be a non-empty string.', 'password') as never;
      const { https, address } = requestOrigin(c, trustProxy);
      const r = await auth.signIn(username, password, address, auth.sessionSecret(c));
      if (!r.ok && r.retryAfter) {
        c.header('Retry-After', String(r.retryAfter));
        return apiError(c, 429, 'too_many_attempts', `Too many failed sign-ins for this account or from this address; try again in ${r.retryAfter} seconds.`) as never;
      }
      if (!r.ok) return apiError(c, 401, 'bad_credentials', 'The user name or the password is wrong (or the account is disabled).') as never;
      setCookie(c, https ? COOKIE_SECURE.replace('__Host-', '') : COOKIE_PLAIN, r.secret, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        maxAge: Math.floor(maxMs / 1000),
        ...(https ? { secure: true, prefix: 'host' as const } : {}),
      });
      // A hint the page can read (no secret in it): ask GET /api/session only when it is there,
      // so anonymous visitors never cause a 401 in the console.
      setCookie(c, HINT_COOKIE, '1', { path: '/', sameSite: 'Lax', maxAge: Math.floor(maxMs / 1000), ...(https ? { secure: true } : {}) });
      return c.json(answer(r.identity), 200, PRIVATE) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/session',
      description: 'Who is signed in (by the session cookie or a Bearer token).',
      responses: { 200: json(SessionSchema, 'The signed-in account.'), 401: json(ErrorSchema, 'Nobody is signed in.') },
    }),
    async (c) => {
      const who = await auth.identify(c);
      if (!who) return c.json({ error: { code: 'unauthenticated', message: 'Nobody is signed in.' } }, 401, PRIVATE) as never;
      return c.json(answer(who), 200, PRIVATE) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/session',
      description: 'Sign out: the session ends on the server and the cookie is cleared.',
      responses: { 204: { description: 'Signed out (also when nobody was signed in).' }, 403: json(ErrorSchema, 'Sent from another site.') },
    }),
    async (c) => {
      const refused = crossSiteRefusal(c, trustProxy);
      if (refused) return refused as never;
      await auth.signOut(c);
      const { https } = requestOrigin(c, trustProxy);
      deleteCookie(c, https ? COOKIE_SECURE.replace('__Host-', '') : COOKIE_PLAIN, { path: '/', ...(https ? { secure: true, prefix: 'host' as const } : {}) });
      deleteCookie(c, HINT_COOKIE, { path: '/' });
      return c.body(null, 204, PRIVATE) as never;
    },
  );

  return api;
}
