/**
 * The import wing of /api (docs/contract.md, "Files"; server/import/README.md): upload a file →
 * preview kept server-side → apply as one change set (revert: POST /api/change-sets/{id}/revert).
 * Thin: who → form → server/import (parse, map, build) → the writable store.
 */
import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Identity, Guard } from '../auth/guard';
import { apiError } from '../http/errors';
import type { Feature, FeatureCollection } from 'geojson';
import { ImportError } from '../import/errors';
import type { ImportLimits } from '../import/limits';
import { parseDefaultsJson, parseMappingJson, parseValuesJson } from '../import/mapping';
import { importPool, runPreview, warmImportPool } from '../import/pool';
import { IMPORT_ID, PreviewStore, type ImportJob } from '../import/previews';
import { ACCEPTED } from '../import/formats-list';
import { appliedChangeSet } from '../import/applied';
import { yieldToLoop } from '../import/source';
import { WriteError, type Store } from '../store/types';
import { ErrorSchema } from './schemas';
import { validationHook } from './validation';
import { writerCheck } from './writes';

/** How long after the import routes are made (the server's start) a worker thread is warmed. */
const WARM_AFTER_MS = 5000;
const PRIVATE = { 'Cache-Control': 'private, no-store', Vary: 'Authorization, Cookie' };
const FORM_FIELDS = ['file', 'layer', 'crs', 'mapping', 'defaults', 'values'];

/** The API error body of a refused import (job.error): row and columns where known. */
const errorBody = (e: NonNullable<ImportJob['error']>) => ({
  code: e.code,
  message: e.message,
  ...(e.parameter ? { parameter: e.parameter } : {}),
  ...(e.row !== undefined ? { row: e.row } : {}),
  ...(e.columns ? { columns: e.columns } : {}),
});

const json = (schema: z.ZodType, description: string) => ({ content: { 'application/json': { schema } }, description });

// ---- response shapes (documented in /api/openapi.json) ----

const ProblemSchema = z
  .object({
    row: z.number().int().nullable().openapi({ description: 'Where the user finds it in the file: the CSV line (header = line 1), the sheet row, or the feature\'s number (1-based) in GeoJSON/Shapefile/KML/GPX; null for the whole file.' }),
    field: z.string().nullable().openapi({ description: 'The column (as named in the file) or field concerned; null for the row or file as a whole.' }),
    message: z.string(),
    severity: z.enum(['error', 'warning']).openapi({ description: 'error: the row is left out of the import. warning: the row is kept; look at it (e.g. a GCJ-02 pattern, a position outside the city).' }),
  })
  .openapi('ImportProblem');

const ImportMarkSchema = z
  .object({
    action: z.enum(['create', 'update', 'unchanged']).openapi({ description: 'create: a new feature. update: changes the existing feature matched_id (same id, or same name in the same county). unchanged: matches an existing feature and changes nothing; applying skips it.' }),
    row: z.number().int(),
    matched_id: z.string().optional(),
    matched_by: z.enum(['id', 'name']).optional(),
    fields: z.array(z.string()).optional().openapi({ description: 'For update: the fields that would change (geometry, property names).' }),
  })
  .openapi('ImportMark', { description: 'properties._import of each preview feature.' });

const ColumnsSchema = z
  .array(z.object({ name: z.string(), samples: z.array(z.string()) }))
  .openapi({ description: 'Every column of the file in order (mapped or not), with up to 3 distinct sample values.' });

const ImportErrorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      parameter: z.string().optional(),
      row: z.number().int().optional().openapi({ description: 'Where the problem is, as ImportProblem.row.' }),
      columns: ColumnsSchema.optional().openapi({
        description: 'When the file was read but cannot be imported as mapped (no_name_column, no_position_columns, same_position, no_layer): its columns with samples, so a client can offer the mapping step (send mapping and upload again).',
      }),
    }),
  })
  .openapi('ImportError');

const PreviewSchema = z
  .object({
    id: z.string().openapi({ description: 'The preview\'s id, for GET /api/imports/{id} and POST /api/imports/{id}/apply. Kept for IMPORT_PREVIEW_TTL_SECONDS (default 1 hour), for this account only.' }),
    state: z.enum(['parsing', 'ready', 'applying', 'applied', 'failed']),
    done: z.number().int().openapi({ description: 'Rows looked at so far (progress while parsing).' }),
    total: z.number().int().openapi({ description: 'Rows in the file (0 until it has been read).' }),
    expires_at: z.string(),
    file: z.object({ name: z.string(), format: z.string().optional(), encoding: z.string().optional() }),
    layer: z.string().nullable().openapi({ description: 'The target layer, or null: each row\'s layer column.' }),
    crs: z.object({ id: z.string(), label: z.string(), stated: z.string().nullable().openapi({ description: 'What the file itself states (.prj, GeoJSON crs), if anything.' }) }).optional(),
    mapping: z.record(z.string(), z.string()).optional().openapi({ description: 'column → field as used (guessed from the headers, then the request\'s mapping).' }),
    columns: ColumnsSchema.optional(),
    values: z
      .object({ status: z.record(z.string(), z.enum(['planned', 'in_progress', 'completed', 'unknown']).nullable()) })
      .optional()
      .openapi({ description: 'The status column\'s words (up to 100) → the status each is read as: the request\'s values, else the built-in words (已完成 → completed …); null: not known, read as unknown (a warning per row). Send values={"status": {word: status}} to choose.' }),
    summary: z
      .object({ rows: z.number().int(), create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), left_out: z.number().int() })
      .optional(),
    features: z
      .object({ type: z.literal('FeatureCollection'), features: z.array(z.object({ type: z.literal('Feature'), id: z.string(), geometry: z.any(), properties: z.looseObject({ _import: ImportMarkSchema }) })) })
      .optional()
      .openapi({ description: 'The rows as they would be stored, WGS 84; each feature\'s properties._import is an ImportMark. Rows with an error are not here.' }),
    problems: z.array(ProblemSchema).optional(),
    notes: z.array(z.string()).optional(),
    change_set: z.string().optional().openapi({ description: 'State applied: the change set that applied it.' }),
    error: ImportErrorSchema.shape.error.optional().openapi({ description: 'State failed: why the file was refused (with the file\'s columns when a mapping can fix it).' }),
  })
  .openapi('ImportPreview');

const AppliedSchema = z
  .object({
    id: z.string().openapi({ description: 'The change set\'s id (for GET /api/changes?change_set={id} and POST /api/change-sets/{id}/revert).' }),
    at: z.string(),
    author: z.object({ username: z.string() }).nullable(),
    note: z.string().nullable(),
    kind: z.literal('import'),
    data_version: z.string(),
    counts: z.object({ created: z.number().int(), updated: z.number().int(), deleted: z.number().int(), restored: z.number().int(), progress: z.number().int() }),
    changes_total: z.number().int(),
    changes_url: z.string().openapi({ description: 'The first page of its changes: /api/changes?change_set={id}&change_limit=1000 (change_offset for the next pages).' }),
  })
  .openapi('AppliedImport', { description: 'An applied import\'s change set without its changes (one per row; paged through GET /api/changes).' });

const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: 'q3V0bXc9m1Qx2l4rT9aP0A' }) });

export interface ImportsOptions {
  store: Store;
  guard: Guard;
  trustProxy?: boolean;
  limits: ImportLimits;
}

export function createImports({ store, guard, trustProxy = false, limits }: ImportsOptions) {
  const api = new OpenAPIHono({ defaultHook: validationHook });
  const writer = writerCheck(guard, trustProxy);
  const previews = new PreviewStore(limits.previewTtlSeconds, limits.previewsPerUser);
  // A worker thread loads its modules a few seconds after the routes are made rather than on the
  // first upload — after the start, not during it: warming it then cost the start ~0.2–0.5 s CPU
  // (a second thread loading the parsers) and ~10 MB, for a thread that ends after 30 s idle
  // anyway (pool.ts). Not under vitest: every test file would start a thread; the import tests
  // warm the pool themselves.
  if (!process.env.VITEST)
    setTimeout(() => void warmImportPool(limits.workers).catch((e) => console.error(`import workers did not start: ${(e as Error).message}`)), WARM_AFTER_MS).unref();
  let outlines: Promise<FeatureCollection> | undefined;
  const countyOutlines = () => (outlines ??= store.counties().then((fc) => ({ type: 'FeatureCollection' as const, features: fc.features as unknown as Feature[] })));

  const refuse = (c: Context, e: unknown) => {
    if (e instanceof ImportError || e instanceof WriteError) {
      const row = e instanceof ImportError && e.row !== undefined ? { row: e.row } : {};
      return c.json({ error: { code: e.code, message: e.message, ...(e.field ? { parameter: e.field } : {}), ...row } }, e.status, { 'Cache-Control': 'no-store' });
    }
    throw e;
  };

  api.use(
    '/api/imports',
    bodyLimit({
      maxSize: limits.maxBytes + 1024 * 1024,
      onError: (c) => apiError(c, 413, 'file_too_large', `The upload is larger than the limit of ${limits.maxBytes} bytes (IMPORT_MAX_BYTES); split the file.`, 'file'),
    }),
  );

  const view = (job: ImportJob) => ({
    id: job.id,
    state: job.state,
    done: job.done,
    total: job.total,
    expires_at: new Date(job.expiresAt).toISOString(),
    file: { name: job.fileName, ...(job.format ? { format: job.format } : {}), ...(job.encoding ? { encoding: job.encoding } : {}) },
    layer: job.layer,
    ...(job.result ? { crs: job.result.crs, mapping: job.result.mapping, columns: job.result.columns, values: job.result.values, summary: job.result.summary } : {}),
    ...(job.changeSet ? { change_set: job.changeSet } : {}),
    ...(job.error ? { error: errorBody(job.error) } : {}),
  });

  /**
   * The job as JSON text. The features come from the worker already as JSON text (pool.ts); they
   * are joined a slice at a time with a turn of the event loop between, as a preview of 100k rows
   * is tens of MB.
   */
  const viewJson = async (job: ImportJob): Promise<string> => {
    const head = JSON.stringify(view(job));
    if (!job.result) return head;
    const { featuresJson, problems, notes } = job.result;
    const slices: string[] = [];
    for (let i = 0; i < featuresJson.length; i += 2000) {
      slices.push(featuresJson.slice(i, i + 2000).join(','));
      if (i + 2000 < featuresJson.length) await yieldToLoop();
    }
    return `${head.slice(0, -1)},"features":{"type":"FeatureCollection","features":[${slices.join(',')}]},"problems":${JSON.stringify(problems)},"notes":${JSON.stringify(notes)}}`;
  };
  const sendJob = async (c: Context, job: ImportJob, status: 200 | 202) => c.body(await viewJson(job), status, { ...PRIVATE, 'Content-Type': 'application/json; charset=utf-8' });

  /**
   * Fills the job: the plain data a worker needs is gathered here (layers, measures, county
   * outlines, names of existing features), the file is parsed, mapped, converted and checked in a
   * worker thread (server/import/pool.ts), which asks back for existing features by id. Throws
   * ImportError for a refused file.
   */
  async function run(job: ImportJob, who: Identity, form: { bytes: Uint8Array; crs?: string; mapping?: string; defaults?: string; values?: string; layerId?: string }) {
    // Loaded on the first import, not at every start (gcoord, wkx; the parsers run in the worker).
    const { normalName } = await import('../import/build');
    const layers = await store.layers();
    const layer = form.layerId ? layers.find((l) => l.id === form.layerId) : undefined;
    if (form.layerId && !layer) throw new ImportError(400, 'bad_parameter', `Unknown layer "${form.layerId.slice(0, 40)}"; allowed: ${layers.map((l) => l.id).join(', ')}, or leave it empty to take each row's layer column.`, { field: 'layer' });
    const names = new Map<string, string[]>();
    for (const l of layer ? [layer] : layers) {
      for (const f of (await store.features({ layer: l.id })).features) {
        const key = `${l.id}\u0000${normalName(f.properties.name)}`;
        names.set(key, [...(names.get(key) ?? []), f.properties.id]);
      }
    }
    const prepared = await runPreview(
      importPool(limits.workers),
      {
        fileName: job.fileName,
        bytes: form.bytes,
        crs: form.crs,
        mapping: form.mapping,
        defaults: form.defaults,
        values: form.values,
        layerId: form.layerId,
        limits,
        layers: layers.map(({ id, name, name_en, geometry }) => ({ id, name, name_en, geometry })),
        measures: await store.measures(),
        counties: await countyOutlines(),
        names: [...names],
        allowedCounties: who.role === 'admin' ? undefined : who.counties,
        today: new Date().toISOString().slice(0, 10),
      },
      {
        onTotal: (total, format, encoding) => {
          job.total = total;
          job.format = format;
          job.encoding = encoding;
        },
        onProgress: (done) => (job.done = done),
        byId: (id) => store.storedFeature(id, { includeDeleted: true }),
      },
    );
    job.done = job.total = prepared.meta.total;
    job.format = prepared.meta.format;
    job.encoding = prepared.meta.encoding;
    const { notes, mapping, crs, columns, values } = prepared.meta;
    job.result = { featuresJson: prepared.featuresJson, writes: prepared.writes, problems: prepared.problems, summary: prepared.summary, notes, mapping, crs, columns, values };
    job.state = 'ready';
  }

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/imports',
      description:
        'Upload a file (multipart/form-data) for a preview; nothing is written. Fields: file (' +
        ACCEPTED() +
        '), layer (a layer id; empty = each row\'s layer column), crs (wgs84, cgcs2000, gcj02, bd09, EPSG:n or auto = what the file states, else wgs84), mapping (JSON column → field), defaults (JSON field → value), values (JSON {"status": {word in the file: status}}). ' +
        'With the header "Prefer: respond-async" the answer is 202 at once with {id, state: "parsing", done, total}; poll GET /api/imports/{id} for progress and the preview. Editors and admins.',
      responses: {
        200: json(PreviewSchema, 'The preview: the rows as features (WGS 84) marked create / update / unchanged, problems row by row, and the id to apply it.'),
        202: json(PreviewSchema, 'With Prefer: respond-async: the job started; Location is GET /api/imports/{id}.'),
        400: json(ErrorSchema, 'Malformed form (missing file, unknown field, bad crs, mapping or defaults JSON, unknown layer).'),
        401: json(ErrorSchema, 'No credentials.'),
        403: json(ErrorSchema, 'Not an editor, or a cookie-authenticated request from another site.'),
        413: json(ErrorSchema, 'The file is larger than IMPORT_MAX_BYTES or has more rows than IMPORT_MAX_ROWS.'),
        415: json(ErrorSchema, 'Not multipart/form-data, or a file whose name or content is not a format we read.'),
        422: json(ImportErrorSchema, 'The file is refused as a whole (empty, mixed encodings, zip bomb, unsafe paths, XML entities, no name or position column, all rows at one position …): error.code and error.message name the problem, error.row the row where known; error.columns lists the file\'s columns with samples when a mapping can fix it.'),
      },
    }),
    async (c) => {
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const type = c.req.header('Content-Type') ?? '';
      if (!/^multipart\/form-data\s*;/i.test(type))
        return apiError(c, 415, 'unsupported_media_type', `Send the file as multipart/form-data (fields file, layer, crs, mapping, defaults), not "${type.slice(0, 60)}".`) as never;
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch {
        return apiError(c, 400, 'bad_form', 'The multipart body cannot be read; send fields file, layer, crs, mapping, defaults.') as never;
      }
      for (const k of form.keys()) if (!FORM_FIELDS.includes(k)) return apiError(c, 400, 'bad_parameter', `Unknown form field "${k.slice(0, 40)}"; allowed: ${FORM_FIELDS.join(', ')}.`, k.slice(0, 40)) as never;
      for (const k of FORM_FIELDS) if (form.getAll(k).length > 1) return apiError(c, 400, 'bad_parameter', `Form field "${k}" was given more than once; give it once.`, k) as never;
      const file = form.get('file');
      if (!(file instanceof File)) return apiError(c, 400, 'bad_parameter', 'The form needs a file field holding the file.', 'file') as never;
      const str = (k: string) => {
        const v = form.get(k);
        return typeof v === 'string' ? v : undefined;
      };
      for (const k of ['layer', 'crs', 'mapping', 'defaults', 'values']) if (form.get(k) instanceof File) return apiError(c, 400, 'bad_parameter', `Form field "${k}" must be text, not a file.`, k) as never;
      const layerId = str('layer')?.trim() || undefined;
      const fileName = (file.name || 'upload').replace(/[\\/]/g, '_').slice(0, 200);
      let job: ImportJob;
      try {
        if (str('crs') && str('crs') !== 'auto') (await import('../import/crs')).parseCrs(str('crs')!);
        parseMappingJson(str('mapping'));
        parseDefaultsJson(str('defaults'));
        parseValuesJson(str('values'));
        job = previews.create(who.username, { fileName, layer: layerId ?? null, crs: str('crs') ?? 'auto' });
      } catch (e) {
        return refuse(c, e) as never;
      }
      const bytes = new Uint8Array(await file.arrayBuffer());
      const work = run(job, who, { bytes, crs: str('crs'), mapping: str('mapping'), defaults: str('defaults'), values: str('values'), layerId }).catch((e) => {
        job.state = 'failed';
        if (e instanceof ImportError || e instanceof WriteError) {
          job.error = { status: e.status, code: e.code, message: e.message, parameter: e.field, ...(e instanceof ImportError && e.row !== undefined ? { row: e.row } : {}), ...(e instanceof ImportError && e.columns ? { columns: e.columns } : {}) };
          return;
        }
        console.error(`import ${job.id} failed: ${(e as Error).message}`);
        job.error = { status: 422, code: 'unreadable_file', message: `The file could not be read: ${String((e as Error).message).slice(0, 160)}.` };
      });
      if (/respond-async/i.test(c.req.header('Prefer') ?? '')) {
        c.header('Location', `/api/imports/${job.id}`);
        c.header('Preference-Applied', 'respond-async');
        return (await sendJob(c, job, 202)) as never;
      }
      await work;
      if (job.state === 'failed') return c.json({ error: errorBody(job.error!) }, job.error!.status as 400, { 'Cache-Control': 'no-store' }) as never;
      return (await sendJob(c, job, 200)) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'get',
      path: '/api/imports/{id}',
      description: 'An import\'s state: while parsing {state: "parsing", done, total} (progress); then the preview (state ready), the change set (applied) or the error (failed). Only the account that uploaded it sees it.',
      request: { params: IdParam },
      responses: { 200: json(PreviewSchema, 'The import.'), 401: json(ErrorSchema, 'No credentials.'), 403: json(ErrorSchema, 'Not an editor.'), 404: json(ErrorSchema, 'No such import for this account (or it expired).') },
    }),
    async (c) => {
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const { id } = c.req.valid('param');
      const job = IMPORT_ID.test(id) ? previews.get(id, who.username) : undefined;
      if (!job) return apiError(c, 404, 'not_found', `No import "${id.slice(0, 40)}" for account "${who.username}"; previews are kept for ${limits.previewTtlSeconds} s — upload the file again.`, 'id') as never;
      return (await sendJob(c, job, 200)) as never;
    },
  );

  api.openapi(
    createRoute({
      method: 'post',
      path: '/api/imports/{id}/apply',
      description:
        'Apply a preview as one change set (kind "import"), all or nothing: the rows without an error problem are created or updated; unchanged rows are skipped. Body {"note": "…"} (JSON; or the query parameter note). The change set appears in GET /api/changes as one import and POST /api/change-sets/{id}/revert undoes it in one step.',
      request: { params: IdParam, query: z.strictObject({ note: z.string().max(2000, 'note may be at most 2000 characters').optional() }) },
      responses: {
        201: json(z.object({ change_set: AppliedSchema }), 'The change set that applied the import: its id, note, author, time and counts; its changes are paged through GET /api/changes?change_set={id}.'),
        400: json(ErrorSchema, 'Malformed body.'),
        401: json(ErrorSchema, 'No credentials.'),
        403: json(ErrorSchema, 'Not an editor, or a row lies outside the editor\'s counties.'),
        404: json(ErrorSchema, 'No such import for this account (or it expired).'),
        409: json(ErrorSchema, 'Not ready (still parsing, failed), already applied, or nothing to apply.'),
        412: json(ErrorSchema, 'A feature the import updates has changed since the preview; upload again. Nothing was applied.'),
        422: json(ErrorSchema, 'A row became invalid since the preview; nothing was applied.'),
        503: json(ErrorSchema, 'The change set could not be built (build_failed: its worker thread failed) or the state directory cannot be written (storage_unavailable); nothing was applied, reading still works. Try again.'),
        507: json(ErrorSchema, 'The disk holding the state directory is full (storage_full); nothing was applied.'),
      },
    }),
    async (c) => {
      const who = await writer(c);
      if (who instanceof Response) return who as never;
      const { id } = c.req.valid('param');
      const job = IMPORT_ID.test(id) ? previews.get(id, who.username) : undefined;
      if (!job) return apiError(c, 404, 'not_found', `No import "${id.slice(0, 40)}" for account "${who.username}"; previews are kept for ${limits.previewTtlSeconds} s — upload the file again.`, 'id') as never;
      let note = c.req.valid('query').note;
      const raw = await c.req.text();
      if (raw.trim() !== '') {
        let body: unknown;
        try {
          body = JSON.parse(raw);
        } catch {
          return apiError(c, 400, 'bad_json', 'The body must be JSON: {"note": "why"} (or empty).') as never;
        }
        if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).some((k) => k !== 'note'))
          return apiError(c, 400, 'bad_body', 'The body may hold only {"note": "why"}.', 'note') as never;
        const n = (body as { note?: unknown }).note;
        if (n !== undefined && (typeof n !== 'string' || n.length > 2000)) return apiError(c, 400, 'bad_body', 'note must be text of at most 2000 characters.', 'note') as never;
        note = (n as string | undefined) ?? note;
      }
      if (job.state === 'applied') return apiError(c, 409, 'already_applied', `Import ${job.id} was applied as change set ${job.changeSet}; revert that change set to undo it.`) as never;
      if (job.state !== 'ready') return apiError(c, 409, 'not_ready', `Import ${job.id} is ${job.state}; it can be applied once its preview is ready.`) as never;
      const writes = job.result!.writes;
      if (writes.length === 0) return apiError(c, 409, 'nothing_to_apply', 'The preview has no row to create or update (every row is unchanged or has an error).') as never;
      job.state = 'applying';
      try {
        const cs = await store.apply(writes, { author: { username: who.username }, note: note ?? `导入 ${job.fileName} · import of ${job.fileName}`, kind: 'import', counties: who.role === 'admin' ? undefined : who.counties });
        previews.markApplied(job, cs.id);
        // Its head and counts: the changes themselves (one per row) are paged through /api/changes.
        return c.json({ change_set: appliedChangeSet(cs) }, 201, PRIVATE) as never;
      } catch (e) {
        job.state = 'ready';
        return refuse(c, e) as never;
      }
    },
  );

  return api;
}
