/** What a merge patch of properties would change: per field, before and after (pure). */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function propertyChanges(before: Record<string, unknown>, patch: Record<string, unknown>): FieldChange[] {
  return Object.keys(patch)
    .filter((k) => !same(before[k], patch[k]))
    .map((k) => ({ field: k, before: before[k] ?? null, after: patch[k] }));
}

/** A value as one line of text for the change preview. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'object' && v !== null && 'title' in v) {
    const e = v as { title: string; url?: string };
    return e.url ? `${e.title} (${e.url})` : e.title;
  }
  return typeof v === 'string' ? v : JSON.stringify(v);
}
