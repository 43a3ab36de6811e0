/**
 * The write wing of /api (docs/contract.md, "Edits", "History"): create, patch, delete, restore,
 * progress, revert — each behind the guard — and the history reads. Thin: who → body → store.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ChangesResponse } from '../../core/changes';
import { parseFilters } from '../../core/filters';
import { canReadAll, canWrite, type Guard, type Identity } from '../auth/guard';
import { featureEtag, parseIfMatch } from '../http/etag';
import { apiError } from '../http/errors';
import { WriteError, type ChangeQuery, type FeatureWrite, type Store } from '../store/types';
import { crossSiteRefusal } from './session';
import { historyCsv } from '../export/history-csv';
import { validationHook } from './validation';
import { ErrorSchema, NoQuery } from './schemas';

export const MAX_BODY_BYTES = 1024 * 1024;
const FEATURE_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const JSON_TYPES = /^application\/(json|merge-patch\+json|geo\+json)\s*(;|$)/i;
/** History and write answers depend on who asks: never in a shared cache. */
const PRIVATE = { 'Cache-Control': 'private, no-store', Vary: 'Authorization, Cookie' };

/** Methods each path allows, for 405 answers (app.ts); paths not listed are read-only. */
export function allowedMethods(path: string): string[] {
  const read = ['GET', 'HEAD', 'OPTIONS'];
  if (/^\/api\/layers\/[^/]+\/features\/?$/.test(path)) return [...read, 'POST'];
  if (/^\/api\/features\/[^/]+\/?$/.test(path)) return [...read, 'PATCH', 'DELETE'];
  if (path === '/api/session' || path === '/api/session/') return [...read, 'POST', 'DELETE'];
  if (/^\/api\/(features\/[^/]+\/restore|measures\/[^/]+\/progress|change-sets\/[^/]+\/revert|change-sets|imports|imports\/[^/]+\/apply)\/?$/.test(path)) return ['POST', 'OPTIONS'];
  return read;
}

const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });
const errs = {
  400: json(ErrorSchema, 'Malformed request or body (not JSON, wrong shape).'),
  401: json(ErrorSchema, 'No credentials: writing needs an account.'),
  403: json(ErrorSchema, 'Not allowed for this account (role, counties), or a cookie-authenticated request from another site.'),
  413: json(ErrorSchema, `Body larger than ${MAX_BODY_BYTES} bytes.`),
  415: json(ErrorSchema, 'Body is not JSON.'),
  422: json(ErrorSchema, 'The data would be invalid; the message names the field. Nothing changed.'),
  507: json(ErrorSchema, 'The disk is full; nothing changed, reads go on.'),
};
const Any = z.record(z.string(), z.any());
const NoteQuery = z.strictObject({
  note: z.string().max(2000, 'note may be at most 2000 characters').optional().openapi({ description: 'Why: recorded with the change set.', example: '据2025年市政府工作报告' }),
});
const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'scenic-sanqingshan' }) });
const LayerParam = z.object({ layer: z.string().openapi({ param: { name: 'layer', in: 'path' }, example: 'scenic-areas' }) });

/** Most features one bulk change set may change. */
export const MAX_BULK = 500;
const BulkSchema = z.strictObject({
  changes: z
    .array(
      z.strictObject({
        id: z.string().max(120).regex(FEATURE_ID, 'id must be a feature id, e.g. scenic-sanqingshan'),
        if_match: z.string().min(1, 'if_match must be the feature\'s ETag as last fetched').max(200),
        patch: z.record(z.string(), z.unknown(), 'patch must be a JSON Merge Patch object, e.g. {"properties": {"status": "completed"}}'),
      }),
    )
    .min(1, 'changes must list at least one feature')
    .max(MAX_BULK, `changes may list at most ${MAX_BULK} features`),
});

const isoInstant = (name: string) =>
  z
    .string()
    .optional()
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) && !Number.isNaN(Date.parse(v))), {
      message: `${name} must be an ISO 8601 date or date-time, e.g. 2026-10-01 or 2026-10-01T08:00:00Z`,
    })
    .openapi({ description: `ISO 8601 ${name === 'since' ? '(inclusive)' : '(exclusive)'}`, example: '2026-10-01' });

const historyFields = {
  since: isoInstant('since'),
  until: isoInstant('until'),
  limit: z.string().regex(/^\d{1,4}$/, 'limit must be a whole number from 1 to 1000').optional().openapi({ description: 'Page size, 1–1000; default 100.' }),
  offset: z.string().regex(/^\d{1,9}$/, 'offset must be a whole number, 0 or more').optional(),
};

export interface WritesOptions {
  store: Store;
  guard: Guard;
  /** Believe X-Forwarded-Proto/-Host for our own origin (server/auth/origin.ts). */
  trustProxy?: boolean;
}

/**
 * The caller if they may write (editor or admin; a cookie session only from our own pages);
 * otherwise the 401/403 response. Shared by every write wing (this one, server/api/imports.ts).
 */
export function writerCheck(guard: Guard, trustProxy: boolean) {
  return async (c: Context): Promise<Identity | Response> => {
    const who = await guard.identify(c);
    if (!who) {
      c.header('WWW-Authenticate', 'Bearer realm="shangrao-green-map"');
      return apiError(c, 401, 'unauthenticated', 'Writing needs an account: sign in (POST /api/session) or send "Authorization: Bearer TOKEN".');
    }
    // A session cookie rides along on any request the browser makes, also from other sites: such a
    // write must come from our own pages. Tokens are never sent by the browser on its own.
    if (who.via === 'session') {
      const refused = crossSiteRefusal(c, trustProxy);
      if (refused) return refused;
    }
    if (!canWrite(who)) return apiError(c, 403, 'forbidden', `Account "${who.username}" is a ${who.role}; creating, editing and reporting need the editor or admin role.`);
    return who;
  };
}

export function createWrites({ store, guard, trustProxy = false }: WritesOptions) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  const limit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: (c) => apiError(c, 413, 'body_too_large', `The body is larger than ${MAX_BODY_BYTES} bytes; send smaller changes.`),
  });

  const writer = writerCheck(guard, trustProxy);

  const body = async (c: Context): Promise<unknown | Response> => {
    const type = c.req.header('Content-Type') ?? '';
    if (!JSON_TYPES.test(type))
      return apiError(c, 415, 'unsupported_media_type', `The body must be JSON (Content-Type application/json, application/merge-patch+json or application/geo+json), not "${type.slice(0, 60)}".`);
    const text = await c.req.text();
    try {
      return JSON.parse(text);
    } catch (e) {
      return apiError(c, 400, 'bad_json', `The body is not valid JSON: ${(e as Error).message.slice(0, 120)}.`);
    }
  };

  const fail = (c: Context, e: unknown) => {
    if (e instanceof WriteError) return apiError(c, e.status, e.code, e.message, e.field);
    throw e;
  };

  const meta = (who: Identity, note: string | undefined) => ({ author: { username: who.username }, note, counties: who.role === 'admin' ? undefined : who.counties });

  /** The stored feature with its version ETag (the writer may read every field). */
  const featureResponse = async (c: Context, id: string, status: 200 | 201) => {
    const s = await store.storedFeature(id);
    if (!s) return apiError(c, 404, 'not_found', `No feature has id "${id}".`, 'id');
    const text = JSON.stringify({ ...s.feature, properties: { ...s.feature.properties, counties: s.counties } });
    return c.body(text, status, { ...PRIVATE, 'Content-Type': 'application/geo+json; charset=utf-8', ETag: featureEtag(s.version, text) });
  };

  /** If-Match → the version a PATCH/DELETE may change; or the 428/412 response. */
  const precondition = async (c: Context, id: string): Promise<number | undefined | Response> => {
    const im = parseIfMatch(c.req.header('If-Match'));
    if (im === undefined) return apiError(c, 428, 'precondition_required', `Send If-Match with the ETag of feature "${id}" as you last fetched it (GET /api/features/${id}), so that nobody's change is overwritten.`);
    const current = await store.storedFeature(id);
    if (!current) return apiError(c, 404, 'not_found', `No feature has id "${id}".`, 'id');
    if (im === '*') return undefined;
    if (!im.includes(current.version))
      return apiError(c, 412, 'precondition_failed', `Feature "${id}" has changed since the ETag you sent (now version ${current.version}); fetch it again and redo the change. Nothing was overwritten.`);
    return current.version;
  };

  const badId = (c: Context, id: string) =>
    !FEATURE_ID.test(id) || id.length > 120 ? apiError(c, 400, 'bad_parameter', 'Feature ids are lowercase letters and digits joined by "-", e.g. scenic-sanqingshan.', 'id') : undefined;

  api.use('/api/layers/:layer/features', async (c, next) => (c.req.method === 'POST' ? limit(c, next) : next()));
  api.use('/api/features/:id', async (c, next) => (c.req.method === 'PATCH' ? limit(c, next) : next()));
  api.use('/api/measures/:id/progress', limit);
  api.use('/api/change-sets', limit);

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/layers/{layer}/features',
      description: 'Create a feature (body: a GeoJSON Feature; without properties.id the server assigns one). Editors and admins.',
      request: { params: LayerParam, query: NoteQuery },
      responses: { 201: { content: { 'application/geo+json': { schema: Any } }, description: 'The stored feature; Location and ETag headers.' }, ...errs, 404: json(ErrorSchema, 'No such layer.'), 409: json(ErrorSchema, 'The id is taken.') },
    }),
    async (c) => {
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const feature = await body(c);
      if (feature instanceof Response) return feature as never;
      const { layer } = c.req.valid('param');
      try {
        const cs = await store.apply([{ op: 'create', layer, feature }], meta(who, c.req.valid('query').note));
        const id = cs.changes[0].feature!;
        c.header('Location', `/api/features/${id}`);
        return (await featureResponse(c, id, 201)) as never;
      } catch (e) {
        return fail(c, e) as never;
      }
    },
  );

  api.openapi(
    createRoute({
      method: 'patch',
      path: '/api/features/{id}',
      description: 'Change properties and/or geometry with a JSON Merge Patch (RFC 7396). Needs If-Match. A status change carries status_date and status_evidence.',
      request: { params: IdParam, query: NoteQuery },
      responses: { 200: { content: { 'application/geo+json': { schema: Any } }, description: 'The stored feature with its new ETag.' }, ...errs, 404: json(ErrorSchema, 'No such feature.'), 409: json(ErrorSchema, 'The feature is deleted.'), 412: json(ErrorSchema, 'Stale If-Match.'), 428: json(ErrorSchema, 'If-Match missing.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const bad = badId(c, id);
      if (bad) return bad as never;
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const patch = await body(c);
      if (patch instanceof Response) return patch as never;
      const expect = await precondition(c, id);
      if (expect instanceof Response) return expect as never;
      try {
        await store.apply([{ op: 'update', id, patch, expectVersion: expect }], meta(who, c.req.valid('query').note));
      } catch (e) {
        if (!(e instanceof WriteError && e.code === 'no_change')) return fail(c, e) as never;
      }
      return (await featureResponse(c, id, 200)) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'delete',
      path: '/api/features/{id}',
      description: 'Remove a feature (kept in history; restorable). Needs If-Match.',
      request: { params: IdParam, query: NoteQuery },
      responses: { 204: { description: 'Deleted.' }, ...errs, 404: json(ErrorSchema, 'No such feature.'), 409: json(ErrorSchema, 'Already deleted.'), 412: json(ErrorSchema, 'Stale If-Match.'), 428: json(ErrorSchema, 'If-Match missing.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const bad = badId(c, id);
      if (bad) return bad as never;
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const expect = await precondition(c, id);
      if (expect instanceof Response) return expect as never;
      return write(c, [{ op: 'delete', id, expectVersion: expect }], who, () => c.body(null, 204, PRIVATE));
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/features/{id}/restore',
      description: 'Bring back a deleted feature (the same as reverting the change set that deleted it).',
      request: { params: IdParam, query: NoteQuery },
      responses: { 200: { content: { 'application/geo+json': { schema: Any } }, description: 'The restored feature.' }, ...errs, 404: json(ErrorSchema, 'No such feature.'), 409: json(ErrorSchema, 'Not deleted.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const bad = badId(c, id);
      if (bad) return bad as never;
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      return write(c, [{ op: 'restore', id }], who, () => featureResponse(c, id, 200));
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/change-sets',
      description:
        'Change several features as one change set, all or nothing (a bulk status change): {"changes": [{"id", "if_match" (the feature\'s ETag), "patch" (a JSON Merge Patch as for PATCH /api/features/{id})}]}, at most ' +
        MAX_BULK +
        ' features, each once. A stale if_match is a 412 naming the feature; nothing is changed then.',
      request: { query: NoteQuery },
      responses: { 201: json(Any, 'The new change set.'), ...errs, 404: json(ErrorSchema, 'No such feature.'), 409: json(ErrorSchema, 'A feature is deleted.'), 412: json(ErrorSchema, 'A stale if_match.') },
    }),
    async (c) => {
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const raw = await body(c);
      if (raw instanceof Response) return raw as never;
      const parsed = BulkSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue.path.join('.');
        return apiError(c, 400, 'bad_body', `${where ? `${where}: ` : ''}${issue.message}. Send {"changes": [{"id", "if_match", "patch"}]}.`, where || 'changes') as never;
      }
      const { changes } = parsed.data;
      const seen = new Set<string>();
      const writes: FeatureWrite[] = [];
      for (const [i, ch] of changes.entries()) {
        if (seen.has(ch.id)) return apiError(c, 400, 'bad_body', `changes.${i}.id: feature "${ch.id}" is listed twice; list each feature once.`, `changes.${i}.id`) as never;
        seen.add(ch.id);
        const current = await store.storedFeature(ch.id);
        if (!current) return apiError(c, 404, 'not_found', `changes.${i}.id: no feature has id "${ch.id}".`, `changes.${i}.id`) as never;
        const im = parseIfMatch(ch.if_match)!;
        if (im !== '*' && !im.includes(current.version))
          return apiError(c, 412, 'precondition_failed', `Feature "${ch.id}" has changed since the ETag you sent (now version ${current.version}); fetch it again and redo the change. Nothing was changed.`, `changes.${i}.if_match`) as never;
        writes.push({ op: 'update', id: ch.id, patch: ch.patch, expectVersion: im === '*' ? undefined : current.version });
      }
      return write(c, writes, who, (cs) => c.json({ change_set: cs }, 201, PRIVATE));
    },
  );

  async function write(c: Context, writes: FeatureWrite[], who: Identity, ok: (cs: Awaited<ReturnType<Store['apply']>>) => Response | Promise<Response>) {
    try {
      const cs = await store.apply(writes, meta(who, c.req.query('note')));
      return (await ok(cs)) as never;
    } catch (e) {
      return fail(c, e) as never;
    }
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/measures/{id}/progress',
      description: 'Report progress on one of the measure\'s targets: {"target", "value", "as_of" (YYYY-MM-DD), "source", "note"?}.',
      request: { params: IdParam, query: NoteQuery },
      responses: { 201: json(Any, 'The recorded report and its change set.'), ...errs, 404: json(ErrorSchema, 'No such measure.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      if (!/^\d{1,2}$/.test(id)) return apiError(c, 404, 'unknown_measure', `Unknown measure "${id.slice(0, 20)}"; allowed: whole numbers 1 to 23.`, 'id') as never;
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      if (who.counties?.length)
        return apiError(c, 403, 'forbidden', `The plan's targets are the whole city's; account "${who.username}" may edit features in ${who.counties.join(', ')} only, so it cannot report progress on them.`) as never;
      const report = await body(c);
      if (report instanceof Response) return report as never;
      return write(c, [{ op: 'progress', measure: Number(id), report }], who, async (cs) => {
        const r = (await store.progress(Number(id))).find((p) => p.change_set === cs.id);
        return c.json({ report: r, change_set: cs }, 201, PRIVATE);
      });
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/change-sets/{id}/revert',
      description: 'Undo a whole change set as a new change set.',
      request: { params: IdParam, query: NoteQuery },
      responses: { 201: json(Any, 'The new change set.'), ...errs, 404: json(ErrorSchema, 'No such change set.'), 409: json(ErrorSchema, 'A field has changed since, or nothing is left to undo.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      try {
        const cs = await store.revert(id, meta(who, c.req.valid('query').note));
        return c.json({ change_set: cs }, 201, PRIVATE) as never;
      } catch (e) {
        return fail(c, e) as never;
      }
    },
  );

  // ----- history -----

  const layerIds = store.layerIds();
  const history = async (c: Context, q: Record<string, string | undefined>, feature?: string) => {
    const params = new URLSearchParams();
    if (q.county !== undefined) params.set('county', q.county);
    if (q.measure !== undefined) params.set('measure', q.measure);
    const { filters, problems } = parseFilters(params, { layerIds: await layerIds, allowBbox: false });
    if (problems.length) return apiError(c, 400, 'bad_parameter', problems[0].message, problems[0].parameter);
    if (q.layer !== undefined && !(await layerIds).includes(q.layer))
      return apiError(c, 400, 'bad_parameter', `Unknown layer "${q.layer.slice(0, 40)}"; allowed: ${(await layerIds).join(', ')}.`, 'layer');
    const lim = q.limit === undefined ? 100 : Number(q.limit);
    if (lim < 1 || lim > 1000) return apiError(c, 400, 'bad_parameter', 'limit must be a whole number from 1 to 1000.', 'limit');
    const changeLimit = q.change_limit === undefined ? undefined : Number(q.change_limit);
    if (changeLimit !== undefined && (changeLimit < 1 || changeLimit > 10000)) return apiError(c, 400, 'bad_parameter', 'change_limit must be a whole number from 1 to 10000.', 'change_limit');
    const who = await guard.identify(c);
    const query: ChangeQuery = {
      since: q.since,
      until: q.until,
      layer: q.layer,
      counties: filters.counties,
      measures: filters.measures,
      feature: feature ?? q.feature,
      changeSet: q.change_set,
      changeLimit,
      changeOffset: q.change_offset === undefined ? undefined : Number(q.change_offset),
      limit: lim,
      offset: q.offset === undefined ? 0 : Number(q.offset),
      publicOnly: !canReadAll(who),
    };
    if (q.format === 'csv') {
      const all = await store.changes({ ...query, limit: q.limit === undefined ? undefined : lim });
      const name = `shangrao-green-map-changes${q.since ? `-since-${q.since.slice(0, 10)}` : ''}${q.until ? `-until-${q.until.slice(0, 10)}` : ''}.csv`;
      return c.body(historyCsv(all.changeSets), 200, { ...PRIVATE, 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"` });
    }
    const page = await store.changes(query);
    const out: ChangesResponse = { change_sets: page.changeSets, numberMatched: page.numberMatched, numberReturned: page.changeSets.length };
    return c.json(out, 200, PRIVATE);
  };

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/changes',
      description: 'Change sets, newest first, each with its changes that match (per field, before and after). Anonymous callers see public fields only and no names.',
      request: {
        query: z.strictObject({
          ...historyFields,
          layer: z.string().optional(),
          county: z.string().optional().openapi({ description: 'County codes, comma-separated: changes to features touching them.' }),
          measure: z.string().optional().openapi({ description: 'Measure ids, comma-separated.' }),
          feature: z.string().regex(FEATURE_ID, 'feature must be a feature id, e.g. scenic-sanqingshan').max(120).optional(),
          change_set: z.string().regex(/^[1-9]\d{0,17}$/, 'change_set must be a change set id, a whole number from 1 (e.g. 42)').optional().openapi({ description: 'One change set by id (as POST /api/imports/{id}/apply answers it).' }),
          change_limit: z.string().regex(/^\d{1,5}$/, 'change_limit must be a whole number from 1 to 10000').optional().openapi({ description: 'Page the changes inside each change set: at most this many (1–10000); each change set then carries changes_matched, its number of matching changes. Default: every change.' }),
          change_offset: z.string().regex(/^\d{1,9}$/, 'change_offset must be a whole number, 0 or more').optional().openapi({ description: 'With change_limit: the changes to skip inside each change set (default 0).' }),
          format: z.enum(['json', 'csv'], { message: 'format must be json or csv' }).optional().openapi({ description: 'csv: the matching history as a CSV file (UTF-8 with BOM), one line per field changed — change_set, at, author, kind, note, reverts, op, feature, layer, counties, field, before, after; every match (no paging unless limit is given). Use since/until for a date range.' }),
        }),
      },
      responses: { 200: json(Any, 'A page of change sets.'), 400: errs[400] },
    }),
    async (c) => (await history(c, c.req.valid('query'))) as never,
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/features/{id}/history',
      description: 'One feature\'s change sets, newest first (deleted features included).',
      request: { params: IdParam, query: z.strictObject(historyFields) },
      responses: { 200: json(Any, 'A page of change sets.'), 400: errs[400], 404: json(ErrorSchema, 'No such feature.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const bad = badId(c, id);
      if (bad) return bad as never;
      if (!(await store.storedFeature(id, { includeDeleted: true }))) return apiError(c, 404, 'not_found', `No feature has id "${id}".`, 'id') as never;
      return (await history(c, c.req.valid('query'), id)) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/features/{id}/full',
      description: 'One feature with every stored property, the non-public ones included, and its version ETag: for signed-in accounts (viewer or above). Anonymous callers get 401; /api/features/{id} serves them the public fields.',
      request: { params: IdParam, query: NoQuery },
      responses: { 200: { content: { 'application/geo+json': { schema: Any } }, description: 'The stored feature.' }, 400: errs[400], 401: errs[401], 404: json(ErrorSchema, 'No such feature.') },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const bad = badId(c, id);
      if (bad) return bad as never;
      const who = await guard.identify(c);
      if (!canReadAll(who)) {
        c.header('WWW-Authenticate', 'Bearer realm="shangrao-green-map"');
        return apiError(c, 401, 'unauthenticated', 'Non-public fields need an account (viewer or above): sign in (POST /api/session) or send "Authorization: Bearer TOKEN"; GET /api/features/{id} serves the public ones.') as never;
      }
      return (await featureResponse(c, id, 200)) as never;
    },
  );

  return api;
}
