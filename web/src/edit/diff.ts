/**
 * What an edit would change, in words (pure, tested without a browser): per property, before and
 * after; the fields of a conflict side by side; a property's label and value in the page's language.
 */
import type { Translate } from '../i18n';
import { fieldLabel, valueText } from '../lib/history';

export { fieldLabel };

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The properties a merge patch would change: only those whose value differs. */
export function propertyChanges(before: Record<string, unknown>, patch: Record<string, unknown>): FieldChange[] {
  return Object.keys(patch)
    .filter((k) => !same(before[k], patch[k]))
    .map((k) => ({ field: k, before: before[k] ?? null, after: patch[k] }));
}

/** For a 412: each field of my patch, as the other person left it and as I would set it. */
export function conflictRows(theirs: Record<string, unknown>, mine: Record<string, unknown>): { field: string; theirs: unknown; mine: unknown }[] {
  return Object.keys(mine).map((field) => ({ field, theirs: theirs[field] ?? null, mine: mine[field] }));
}

/** A value as one line: statuses and precisions translated, evidence with its link, lists joined. */
export function fieldValue(field: string, v: unknown, t: Translate): string {
  if (v === '') return '—';
  if (field === 'status_evidence' && v && typeof v === 'object' && 'url' in v && (v as { url?: string }).url) {
    const e = v as { title: string; url: string };
    return `${e.title} (${e.url})`;
  }
  return valueText(field, v, t);
}
