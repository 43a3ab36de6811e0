/**
 * The living record in the pages: reading /api/changes and /api/features/{id}/history, and
 * putting a change into words (pure functions, tested without a browser).
 */
import type { ChangeSet, ChangesResponse, FieldChange } from '../../../core/changes';
import type { Lang } from '../../../core/contract';
import type { Translate } from '../i18n';

// The day helpers live apart (lib/dates.ts) so that pages needing only them (the embed's print
// link) do not bundle the change-history words.
export { daysBefore, parseSince } from './dates';

/** A field's value in words: null as "—", lists joined, evidence by its title, geometry not spelled out. */
export function valueText(field: string, v: unknown, t: Translate): string {
  if (v === null || v === undefined) return '—';
  if (field === 'geometry') return t('history.geometryChanged');
  if (field === 'status' && typeof v === 'string') return t(`status.${v}` as never);
  if (field === 'precision' && typeof v === 'string') return t(`precision.${v}` as never);
  if (Array.isArray(v)) return v.map((x) => (x && typeof x === 'object' && 'name' in x ? String((x as { name: unknown }).name) : String(x))).join('、');
  if (typeof v === 'object') return 'title' in (v as object) ? String((v as { title: unknown }).title) : JSON.stringify(v);
  return String(v);
}

/** A property's label in history, editing forms and previews (the name itself where none is known). */
export function fieldLabel(field: string, t: Translate): string {
  switch (field) {
    case 'status':
      return t('detail.status');
    case 'status_date':
      return t('edit.statusDate');
    case 'status_evidence':
      return t('edit.evidence');
    case 'name':
      return t('edit.name');
    case 'name_en':
      return t('edit.nameEn');
    case 'location_note':
      return t('edit.locationNote');
    case 'location_note_en':
      return t('edit.locationNoteEn');
    case 'measures':
      return t('detail.measures');
    case 'clause':
      return t('detail.clause');
    case 'precision':
      return t('detail.precision');
    case 'internal_note':
      return t('edit.internalNote');
    default:
      return field;
  }
}

/** "field: before → after" for each field (geometry as one line), fields by their labels. */
export function fieldLines(fields: readonly FieldChange[], t: Translate): string[] {
  return fields.map((f) => (f.field === 'geometry' ? t('history.geometryChanged') : `${fieldLabel(f.field, t)}: ${valueText(f.field, f.before, t)} → ${valueText(f.field, f.after, t)}`));
}

/** When, in the page's language: 2026-11-25 14:03 (local time of the viewer). */
export function whenText(iso: string, lang: Lang): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' }, signal });
  if (!res.ok) {
    let message = `HTTP ${res.status}`;
    try {
      message = ((await res.json()) as { error?: { message?: string } }).error?.message ?? message;
    } catch {
      /* keep the status */
    }
    throw new Error(message);
  }
  return (await res.json()) as T;
}

export const fetchFeatureHistory = (id: string, signal?: AbortSignal) => getJson<ChangesResponse>(`/api/features/${encodeURIComponent(id)}/history?limit=50`, signal);

export const fetchChangesSince = (since: string, signal?: AbortSignal) => getJson<ChangesResponse>(`/api/changes?since=${since}&limit=20`, signal);

export type { ChangeSet };
