/**
 * Account management over HTTP for the /admin page (docs/contract.md, "Accounts and roles"): thin
 * routes over server/auth/account-admin.ts, the same functions `npm run users` runs. Admins only:
 * anonymous → 401, other roles → 403; a cookie-authenticated change from another site → 403, as
 * for every write; JSON bodies of at most 16 KiB (413), malformed JSON → 400, a wrong shape → 400
 * naming the field, a refused value → 422 naming it. Account changes are budgeted per admin
 * (429 with Retry-After): each password costs an Argon2id hash. Nothing here is ever cached.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ZodError } from 'zod';
import * as admin from '../auth/account-admin';
import { AccountError, usernameProblem, type AccountStore } from '../auth/account-store';
import type { Guard } from '../auth/guard';
import { errorBody, apiError } from '../http/errors';
import { RateLimit, type RateLimits } from '../http/rate-limit';
import { ErrorSchema } from './schemas';
import { crossSiteRefusal } from './session';

export const ADMIN_MAX_BODY_BYTES = 16 * 1024;
export const DEFAULT_ADMIN_LIMITS: RateLimits = { perWindow: 120, windowMs: 60_000 };

const PRIVATE = { 'Cache-Control': 'private, no-store', Vary: 'Authorization, Cookie' };
const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });

/** Methods each admin path allows (for 405 answers in app.ts), or undefined for a path not here. */
export function adminMethods(path: string): string[] | undefined {
  const p = path.replace(/\/$/, '');
  if (p === '/api/admin/accounts') return ['GET', 'HEAD', 'POST', 'OPTIONS'];
  if (/^\/api\/admin\/accounts\/[^/]+$/.test(p)) return ['GET', 'HEAD', 'PATCH', 'OPTIONS'];
  if (/^\/api\/admin\/accounts\/[^/]+\/password$/.test(p)) return ['POST', 'OPTIONS'];
  if (/^\/api\/admin\/accounts\/[^/]+\/tokens$/.test(p)) return ['POST', 'DELETE', 'OPTIONS'];
  if (/^\/api\/admin\/accounts\/[^/]+\/tokens\/[^/]+$/.test(p)) return ['DELETE', 'OPTIONS'];
  if (p.startsWith('/api/admin')) return ['GET', 'HEAD', 'OPTIONS'];
  return undefined;
}

const COUNTY_LIST = z
  .array(z.string({ error: 'counties must be a list of county codes (text), e.g. ["361130"]' }), { error: 'counties must be a list of county codes, e.g. ["361130"], or null for all counties' })
  .max(12, 'counties lists at most the 12 county codes')
  .nullable()
  .openapi({ description: 'County codes (GB/T 2260) an editor or viewer is limited to; null or absent = all counties.', example: ['361130'] });

const TokenSchema = z.object({ id: z.string(), created: z.string(), revoked: z.boolean() }).openapi('AdminToken');
const AccountSchema = z
  .object({
    username: z.string(),
    role: z.enum(['viewer', 'editor', 'admin']),
    counties: z.array(z.string()).nullable(),
    disabled: z.boolean(),
    created: z.string(),
    last_sign_in: z.string().nullable().openapi({ description: 'When the account last signed in with its password; null when not known.' }),
    tokens: z.array(TokenSchema),
  })
  .openapi('AdminAccount');

const NewAccountBody = z
  .strictObject({
    username: z.string({ error: 'username must be text: 1 to 64 letters, digits, ".", "_" or "-"' }).openapi({ example: 'wuyuan-li' }),
    role: z.string({ error: 'role must be one of viewer, editor, admin' }).openapi({ example: 'editor' }),
    counties: COUNTY_LIST.optional(),
    password: z.string({ error: 'password must be text of at least 10 characters (or leave it out to have one generated)' }).optional().openapi({ description: 'At least 10 characters; absent = the server generates one and answers it once.' }),
  })
  .openapi('NewAccount');
const ChangeAccountBody = z
  .strictObject({
    role: z.string({ error: 'role must be one of viewer, editor, admin' }).optional(),
    counties: COUNTY_LIST.optional(),
    disabled: z.boolean({ error: 'disabled must be true or false' }).optional(),
  })
  .openapi('AccountChange');
const PasswordBody = z
  .strictObject({
    password: z.string({ error: 'password must be text of at least 10 characters (or leave it out to have one generated)' }).optional(),
  })
  .openapi('NewPassword');

const NameParam = z.object({ username: z.string().openapi({ param: { name: 'username', in: 'path' }, example: 'wuyuan-li' }) });
const TokenParam = NameParam.extend({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '3f2a9c01b7de' }) });

const errs = {
  400: json(ErrorSchema, 'Not JSON, or a field of the wrong type or unknown (named in `parameter`).'),
  401: json(ErrorSchema, 'Not signed in.'),
  403: json(ErrorSchema, 'Not an admin, or a cookie-authenticated change from another site.'),
  429: json(ErrorSchema, 'Too many account changes by this admin; retry after Retry-After seconds.'),
};
const bodyErrs = {
  ...errs,
  413: json(ErrorSchema, `Body larger than ${ADMIN_MAX_BODY_BYTES} bytes.`),
  415: json(ErrorSchema, 'Body is not JSON.'),
  422: json(ErrorSchema, 'A value is refused (user name, role, county code, password length); `parameter` names it. Nothing changed.'),
};
const accountErrs = { 404: json(ErrorSchema, 'No such account.'), 409: json(ErrorSchema, 'Not possible now (the name is taken, the only active admin, a disabled account).') };

/** A body that did not match its schema → 400 naming the field. */
function bodyHook(result: { success: boolean; error?: ZodError }, c: Context) {
  if (result.success || !result.error) return;
  const issue = result.error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    const key = String(issue.keys[0]).slice(0, 40);
    return c.json(errorBody('bad_body', `Unknown field "${key}" in the body; see /api/openapi.json for what this request takes.`, key), 400, PRIVATE);
  }
  const field = issue?.path.length ? String(issue.path[0]) : undefined;
  return c.json(errorBody('bad_body', issue?.message ?? 'The body does not have the expected shape.', field), 400, PRIVATE);
}

export interface AdminOptions {
  accounts: AccountStore;
  guard: Guard;
  trustProxy?: boolean;
  limits?: RateLimits;
  now?: () => number;
}

export function createAdminRoutes({ accounts, guard, trustProxy = false, limits = DEFAULT_ADMIN_LIMITS, now }: AdminOptions) {
  const api = new OpenAPIHono({ defaultHook: bodyHook });
  const budget = new RateLimit(limits, now);
  const limit = bodyLimit({
    maxSize: ADMIN_MAX_BODY_BYTES,
    onError: (c) => apiError(c, 413, 'body_too_large', `The body may be at most ${ADMIN_MAX_BODY_BYTES} bytes.`),
  });

  // Every admin path: the caller first (401/403 before anything about the request is judged),
  // then, for changes, the cross-site check, the budget and the body.
  const gate: MiddlewareHandler = async (c, next) => {
    const id = await guard.identify(c);
    if (!id) {
      c.header('WWW-Authenticate', 'Bearer realm="shangrao-green-map"');
      return apiError(c, 401, 'unauthenticated', 'Managing accounts needs an admin account: sign in (POST /api/session) or send "Authorization: Bearer TOKEN".');
    }
    const change = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (change && id.via === 'session') {
      const refused = crossSiteRefusal(c, trustProxy);
      if (refused) return refused;
    }
    if (id.role !== 'admin') return apiError(c, 403, 'forbidden', `Account "${id.username}" is a ${id.role}; managing accounts needs the admin role.`);
    if (!change) return next();
    const wait = budget.take(id.username);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return apiError(c, 429, 'too_many_requests', `Too many account changes by ${id.username}; at most ${limits.perWindow} per ${Math.round(limits.windowMs / 1000)} s. Try again in ${wait} s.`);
    }
    if (c.req.method !== 'POST' && c.req.method !== 'PATCH') return next();
    // hono's bodyLimit: refused by Content-Length, or while reading at most maxSize bytes.
    return limit(c, async () => {
      const text = await c.req.text();
      if (/\/tokens\/?$/.test(c.req.path)) return next(); // takes no body
      const type = c.req.header('Content-Type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type)) {
        c.res = apiError(c, 415, 'unsupported_media_type', `The body must be JSON (Content-Type: application/json), not "${type.slice(0, 60)}".`);
        return;
      }
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch (e) {
        c.res = apiError(c, 400, 'bad_json', `The body is not valid JSON: ${(e as Error).message.slice(0, 120)}.`);
        return;
      }
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        c.res = apiError(c, 400, 'bad_json', 'The body must be a JSON object, e.g. {"role": "editor"}.');
        return;
      }
      return next();
    });
  };
  api.use('/api/admin/*', gate);
  api.use('/api/admin', gate);

  /** The account named in the path, checked; or the 400. */
  const named = (c: Context, username: string): Response | undefined =>
    usernameProblem(username) ? apiError(c, 400, 'bad_parameter', `No such user name: ${usernameProblem(username)}`, 'username') : undefined;

  const fail = (c: Context, e: unknown): Response => {
    if (e instanceof AccountError) {
      const status = e.kind === 'not_found' ? 404 : e.kind === 'conflict' ? 409 : 422;
      return apiError(c, status, e.kind === 'invalid' ? 'invalid_value' : e.kind, e.message, e.field);
    }
    throw e;
  };

  const run = async (c: Context, f: () => Promise<Response>): Promise<Response> => {
    try {
      return await f();
    } catch (e) {
      return fail(c, e);
    }
  };

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/accounts',
      description: 'Every account: role, counties, disabled, when created and last signed in, and its API tokens (ids only; a token is shown only when made). Admins only.',
      responses: { 200: json(z.object({ accounts: z.array(AccountSchema) }), 'The accounts, by name.'), ...errs },
    }),
    async (c) => c.json({ accounts: await admin.listAccounts(accounts) }, 200, PRIVATE) as never,
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/accounts',
      description: 'Add an account. Without `password` the server generates one and answers it once, in `password`.',
      request: { body: { content: { 'application/json': { schema: NewAccountBody } }, required: true } },
      responses: { 201: json(z.object({ account: AccountSchema, password: z.string().optional() }), 'Added; `password` only when generated.'), ...bodyErrs, 409: accountErrs[409] },
    }),
    async (c) =>
      (await run(c, async () => {
        const b = c.req.valid('json');
        const generated = b.password === undefined ? admin.generatePassword() : undefined;
        const account = await admin.addAccount(accounts, { username: b.username, role: b.role, counties: b.counties ?? undefined, password: b.password ?? generated! }, admin.API_LABELS);
        c.header('Location', `/api/admin/accounts/${encodeURIComponent(account.username)}`);
        return c.json({ account, ...(generated ? { password: generated } : {}) }, 201, PRIVATE);
      })) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/admin/accounts/{username}',
      description: 'One account, as in the list.',
      request: { params: NameParam },
      responses: { 200: json(AccountSchema, 'The account.'), ...errs, 404: accountErrs[404] },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      return (named(c, username) ?? (await run(c, async () => c.json(await admin.accountSummary(accounts, username), 200, PRIVATE)))) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/api/admin/accounts/{username}',
      description: 'Change role, counties (null = all) and/or disabled. Disabling ends the account\'s sessions and stops its tokens. The only active admin can be neither demoted nor disabled (409).',
      request: { params: NameParam, body: { content: { 'application/json': { schema: ChangeAccountBody } }, required: true } },
      responses: { 200: json(AccountSchema, 'The account as it is now.'), ...bodyErrs, ...accountErrs },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      const b = c.req.valid('json');
      return (named(c, username) ??
        (await run(c, async () => {
          const account = await admin.changeAccount(accounts, username, b, admin.API_LABELS);
          return c.json(account, 200, PRIVATE);
        }))) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/accounts/{username}/password',
      description: 'Set a new password (at least 10 characters), or without `password` have one generated and answered once. The account\'s sessions end.',
      request: { params: NameParam, body: { content: { 'application/json': { schema: PasswordBody } }, required: true } },
      responses: { 200: json(z.object({ username: z.string(), password: z.string().optional() }), 'Changed; `password` only when generated.'), ...bodyErrs, 404: accountErrs[404] },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      const b = c.req.valid('json');
      return (named(c, username) ??
        (await run(c, async () => {
          const generated = b.password === undefined ? admin.generatePassword() : undefined;
          await admin.setPassword(accounts, username, b.password ?? generated!);
          return c.json({ username, ...(generated ? { password: generated } : {}) }, 200, PRIVATE);
        }))) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/admin/accounts/{username}/tokens',
      description: 'A new API token for scripts ("Authorization: Bearer TOKEN"): answered once, kept only as its SHA-256. No body.',
      request: { params: NameParam },
      responses: { 201: json(z.object({ id: z.string(), token: z.string(), created: z.string() }), 'The token, shown only now.'), ...errs, ...accountErrs },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      return (named(c, username) ?? (await run(c, async () => c.json(await admin.createToken(accounts, username), 201, PRIVATE)))) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/accounts/{username}/tokens',
      description: 'Revoke all of the account\'s tokens.',
      request: { params: NameParam },
      responses: { 200: json(z.object({ revoked: z.number().int() }), 'How many were revoked.'), ...errs, 404: accountErrs[404] },
    }),
    async (c) => {
      const { username } = c.req.valid('param');
      return (named(c, username) ?? (await run(c, async () => c.json({ revoked: await admin.revokeTokens(accounts, username) }, 200, PRIVATE)))) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/admin/accounts/{username}/tokens/{id}',
      description: 'Revoke one token by its id (as listed).',
      request: { params: TokenParam },
      responses: { 200: json(z.object({ revoked: z.number().int() }), 'Revoked (1).'), ...errs, 404: json(ErrorSchema, 'No such account, or no live token with that id.'), 422: bodyErrs[422] },
    }),
    async (c) => {
      const { username, id } = c.req.valid('param');
      return (named(c, username) ??
        (await run(c, async () => {
          const n = await admin.revokeTokens(accounts, username, id);
          if (n === 0) return apiError(c, 404, 'not_found', `${username} has no live token with id "${id}".`, 'id');
          return c.json({ revoked: n }, 200, PRIVATE);
        }))) as never;
    },
  );

  return api;
}
