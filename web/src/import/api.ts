/**
 * The import requests (docs/contract.md, "Files"): upload a file for a preview (XHR, so the upload
 * reports its progress), apply a preview as one change set with a note, and revert a change set.
 * Errors come back as the server's message (`{"error":{"message"}}`), never thrown for a 4xx.
 */
import { mappingToSend, readColumns, readJob, readPreview, type CrsValue, type ImportColumn, type ImportPreview } from './model';

export interface ImportRequest {
  file: File;
  /** A layer id, or '' for "by a column" (the mapping names the column). */
  layer: string;
  /** `auto`: what the file states (.prj, GeoJSON crs), else WGS 84 — the server decides. */
  crs: CrsValue | 'auto';
  /** column → field; without it the server guesses from the headers. */
  mapping?: Record<string, string>;
  /** field → value for rows that lack it. */
  defaults?: Record<string, string>;
  /** The file's words → values, e.g. { status: { 竣工验收: 'completed' } }. */
  values?: { status: Record<string, string> };
}

/**
 * A request's outcome. A refused preview that a mapping can fix (no name or position column …)
 * carries the file's `columns`, so the panel offers the mapping step.
 */
export type Answer<T> = { ok: true; value: T } | { ok: false; status: number; message: string; columns?: ImportColumn[] };

/** Progress of a request: `loaded` of `total` bytes sent, or rows read by the server; `total` 0 when unknown. */
export type OnProgress = (p: { phase: 'upload' | 'server'; loaded: number; total: number }) => void;

/** The multipart body of POST /api/imports. */
export function importForm(req: ImportRequest): FormData {
  const form = new FormData();
  form.append('file', req.file, req.file.name);
  form.append('layer', req.layer);
  form.append('crs', req.crs);
  const mapping = req.mapping && mappingToSend(req.mapping);
  if (mapping && Object.keys(mapping).length) form.append('mapping', JSON.stringify(mapping));
  if (req.defaults && Object.keys(req.defaults).length) form.append('defaults', JSON.stringify(req.defaults));
  if (req.values && Object.keys(req.values.status).length) form.append('values', JSON.stringify(req.values));
  return form;
}

/** The message of a JSON error body, or the status when there is none. */
export function errorText(status: number, body: string): string {
  try {
    const m = (JSON.parse(body) as { error?: { message?: unknown; parameter?: unknown } }).error;
    if (typeof m?.message === 'string') return typeof m.parameter === 'string' && !m.message.includes(m.parameter) ? `${m.message} (${m.parameter})` : m.message;
  } catch {
    /* not JSON */
  }
  return `HTTP ${status}`;
}

/** error.columns of a JSON error body, when there are any. */
export function errorColumns(body: string): ImportColumn[] | undefined {
  try {
    const cols = (JSON.parse(body) as { error?: { columns?: unknown } }).error?.columns;
    const list = Array.isArray(cols) ? readColumns(cols) : [];
    return list.length ? list : undefined;
  } catch {
    return undefined;
  }
}

/** POST with XMLHttpRequest (fetch cannot report upload progress). Resolves for every HTTP answer. */
function send(url: string, body: XMLHttpRequestBodyInit, opts: { onProgress?: OnProgress; signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<{ status: number; text: string }> {
  const { onProgress, signal } = opts;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    for (const [k, v] of Object.entries(opts.headers ?? {})) xhr.setRequestHeader(k, v);
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress({ phase: 'upload', loaded: e.loaded, total: e.lengthComputable ? e.total : 0 });
      xhr.upload.onload = () => onProgress({ phase: 'server', loaded: 0, total: 0 });
    }
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText });
    xhr.onerror = () => reject(new Error('network'));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

async function answer<T>(res: { status: number; text: string }, read: (body: unknown) => T): Promise<Answer<T>> {
  if (res.status < 200 || res.status >= 300) {
    const columns = errorColumns(res.text);
    return { ok: false, status: res.status, message: errorText(res.status, res.text), ...(columns ? { columns } : {}) };
  }
  try {
    return { ok: true, value: read(JSON.parse(res.text)) };
  } catch (e) {
    return { ok: false, status: res.status, message: (e as Error).message };
  }
}

export const POLL_MS = 400;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((ok, fail) => {
    const timer = setTimeout(ok, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), fail(new DOMException('aborted', 'AbortError'))));
  });

/**
 * POST /api/imports → the preview. Asks the server to answer at once (`Prefer: respond-async`, 202)
 * and then reads GET /api/imports/{id} until the preview is ready, reporting rows read of rows in
 * the file; a server that answers 200 with the preview straight away is read as it is.
 */
export async function previewImport(req: ImportRequest, onProgress?: OnProgress, signal?: AbortSignal): Promise<Answer<ImportPreview>> {
  const first = await send('/api/imports', importForm(req), { onProgress, signal, headers: { Prefer: 'respond-async' } });
  if (first.status !== 202) return answer(first, readPreview);
  const started = await answer(first, readJob);
  if (!started.ok) return started;
  for (;;) {
    await sleep(POLL_MS, signal);
    const res = await fetch(`/api/imports/${encodeURIComponent(started.value.id)}`, { headers: { accept: 'application/json' }, cache: 'no-store', signal });
    const text = await res.text();
    const job = await answer({ status: res.status, text }, readJob);
    if (!job.ok) return job;
    if (job.value.state === 'failed') return { ok: false, status: 422, message: job.value.error ?? 'failed', ...(job.value.errorColumns ? { columns: job.value.errorColumns } : {}) };
    if (job.value.state !== 'parsing') return answer({ status: res.status, text }, readPreview);
    onProgress?.({ phase: 'server', loaded: job.value.done, total: job.value.total });
  }
}

/** The change set a write answered with: `{change_set: {id}}` or `{change_set: "id"}`. */
export function changeSetId(body: unknown): string {
  const cs = (body as { change_set?: unknown } | null)?.change_set ?? body;
  const id = typeof cs === 'object' && cs !== null ? (cs as { id?: unknown }).id : cs;
  if (typeof id !== 'string' && typeof id !== 'number') throw new Error('The answer names no change set.');
  return String(id);
}

/** What an applied import answers: its change set's id and counts (its changes are paged through /api/changes). */
export interface AppliedImport {
  changeSet: string;
  created: number;
  updated: number;
}

/** The answer of POST /api/imports/{id}/apply: `{change_set: {id, counts: {created, updated, …}}}`. */
export function readApplied(body: unknown): AppliedImport {
  const changeSet = changeSetId(body);
  const counts = ((body as { change_set?: { counts?: unknown } }).change_set?.counts ?? {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
  return { changeSet, created: n(counts.created), updated: n(counts.updated) };
}

/** POST /api/imports/{id}/apply with `{"note"}` → the change set's id and counts. */
export async function applyImport(id: string, note: string): Promise<Answer<AppliedImport>> {
  return answer(await send(`/api/imports/${encodeURIComponent(id)}/apply`, JSON.stringify({ note: note.trim() }), { headers: { 'Content-Type': 'application/json' } }), readApplied);
}

/** POST /api/change-sets/{id}/revert (note as the query parameter, like every write) → the new change set's id. */
export async function revertChangeSet(id: string, note?: string): Promise<Answer<string>> {
  const q = note?.trim() ? `?note=${encodeURIComponent(note.trim())}` : '';
  return answer(await send(`/api/change-sets/${encodeURIComponent(id)}/revert${q}`, ''), changeSetId);
}
