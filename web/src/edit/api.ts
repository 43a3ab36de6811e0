/**
 * The editing requests (docs/contract.md, "Edits"): read a feature with its ETag, and save a merge
 * patch with If-Match — answering saved (with the new version), conflict (412: their version) or
 * refused (the server's message).
 */
import type { Geometry } from 'geojson';

/** A feature as last read by this editor: its ETag, its properties and (when read whole) its geometry. */
export interface Base {
  etag: string;
  properties: Record<string, unknown>;
  geometry?: Geometry;
}

export type SaveResult = { kind: 'saved'; base: Base } | { kind: 'conflict'; theirs: Base } | { kind: 'refused'; status: number; message: string };

const featureUrl = (id: string) => `/api/features/${encodeURIComponent(id)}`;
const withNote = (note: string | undefined) => (note?.trim() ? `?note=${encodeURIComponent(note.trim())}` : '');

export { errorMessage } from '../lib/session';
import { errorMessage } from '../lib/session';

/** The feature with every stored property, the non-public ones included (GET /api/features/{id}/full: signed-in accounts only). */
export async function loadForEdit(id: string): Promise<Base> {
  const res = await fetch(`${featureUrl(id)}/full`, { cache: 'no-store', headers: { accept: 'application/geo+json' } });
  if (!res.ok) throw new Error(await errorMessage(res));
  const f = (await res.json()) as { properties: Record<string, unknown>; geometry: Geometry };
  return { etag: res.headers.get('ETag') ?? '', properties: f.properties, geometry: f.geometry };
}

/** PATCH the feature's properties as last read (If-Match: base.etag). */
export function patchProperties(id: string, base: Base, patch: Record<string, unknown>, note?: string): Promise<SaveResult> {
  return mergePatch(id, base, { properties: patch }, note);
}

/** PATCH the feature's geometry as last read (If-Match: base.etag): the geometry in the merge patch replaces it. */
export function patchGeometry(id: string, base: Base, geometry: Geometry, note?: string): Promise<SaveResult> {
  return mergePatch(id, base, { geometry }, note);
}

async function mergePatch(id: string, base: Base, body: Record<string, unknown>, note?: string): Promise<SaveResult> {
  const res = await fetch(`${featureUrl(id)}${withNote(note)}`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': base.etag },
    body: JSON.stringify(body),
  });
  if (res.ok) {
    const f = (await res.json()) as { properties: Record<string, unknown>; geometry: Geometry };
    return { kind: 'saved', base: { etag: res.headers.get('ETag') ?? '', properties: f.properties, geometry: f.geometry } };
  }
  if (res.status === 412) return { kind: 'conflict', theirs: await loadForEdit(id) };
  return { kind: 'refused', status: res.status, message: await errorMessage(res) };
}

export type WriteResult = { kind: 'done' } | { kind: 'conflict'; theirs: Base } | { kind: 'refused'; status: number; message: string };

/** DELETE with If-Match (kept in history, restorable). */
export async function deleteFeature(id: string, base: Base, note: string): Promise<WriteResult> {
  const res = await fetch(`${featureUrl(id)}${withNote(note)}`, { method: 'DELETE', headers: { 'If-Match': base.etag } });
  if (res.ok) return { kind: 'done' };
  if (res.status === 412) return { kind: 'conflict', theirs: await loadForEdit(id) };
  return { kind: 'refused', status: res.status, message: await errorMessage(res) };
}

export async function restoreFeature(id: string, note?: string): Promise<WriteResult> {
  const res = await fetch(`${featureUrl(id)}/restore${withNote(note)}`, { method: 'POST' });
  return res.ok ? { kind: 'done' } : { kind: 'refused', status: res.status, message: await errorMessage(res) };
}

/** Several merge patches as one change set (POST /api/change-sets); 412 names the stale feature. */
export async function bulkPatch(changes: { id: string; base: Base; patch: Record<string, unknown> }[], note?: string): Promise<WriteResult> {
  const res = await fetch(`/api/change-sets${withNote(note)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ changes: changes.map((c) => ({ id: c.id, if_match: c.base.etag, patch: { properties: c.patch } })) }),
  });
  if (res.ok) return { kind: 'done' };
  return { kind: 'refused', status: res.status, message: await errorMessage(res) };
}

export type CreateResult = { kind: 'created'; id: string } | { kind: 'refused'; status: number; message: string };

/** POST a new feature to a layer (the server assigns its id). */
export async function createFeature(layer: string, geometry: Geometry, properties: Record<string, unknown>, note?: string): Promise<CreateResult> {
  const res = await fetch(`/api/layers/${encodeURIComponent(layer)}/features${withNote(note)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json' },
    body: JSON.stringify({ type: 'Feature', geometry, properties }),
  });
  if (!res.ok) return { kind: 'refused', status: res.status, message: await errorMessage(res) };
  const f = (await res.json()) as { properties: { id: string } };
  return { kind: 'created', id: f.properties.id };
}

export interface ProgressInput {
  target: string;
  value: number;
  as_of: string;
  source: string;
  note?: string;
}

export async function reportProgress(measure: number, report: ProgressInput): Promise<WriteResult> {
  const res = await fetch(`/api/measures/${measure}/progress`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(report) });
  return res.ok ? { kind: 'done' } : { kind: 'refused', status: res.status, message: await errorMessage(res) };
}
