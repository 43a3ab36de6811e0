/** Uploading files to /api/imports and applying them, for the import tests. */
import type { writableTestApp } from './app-factory';
import { DEFAULT_IMPORT_LIMITS } from '../../server/import/limits';
import { warmImportPool } from '../../server/import/pool';

export const EDITOR = { 'x-test-user': 'li:editor' };
export type App = Awaited<ReturnType<typeof writableTestApp>>['app'];

export function upload(app: App, name: string, bytes: Uint8Array | string, fields: Record<string, string> = {}, headers: Record<string, string> = EDITOR) {
  const form = new FormData();
  form.set('file', new File([(typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes) as Uint8Array<ArrayBuffer>], name));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return app.request('/api/imports', { method: 'POST', body: form, headers });
}

export const applyImport = (app: App, id: string, note?: string, headers: Record<string, string> = EDITOR) =>
  app.request(`/api/imports/${id}/apply`, { method: 'POST', headers: { ...headers, 'Content-Type': 'application/json' }, body: note === undefined ? '' : JSON.stringify({ note }) });

/** Metres between two WGS 84 positions (equirectangular; fine below a few km). */
export function metres(a: readonly number[], b: readonly number[]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.hypot(x, y) * 6371008.8;
}

/** Start the import's worker thread before the first upload (it loads its modules: seconds on a busy machine). */
export const warmImports = () => warmImportPool(DEFAULT_IMPORT_LIMITS.workers);
export const WARM_TIMEOUT = 60_000;
