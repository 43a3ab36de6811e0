/** A progress report form's values → the request body, or why not (pure). */
import type { ProgressInput } from './api';

export interface ProgressDraft {
  value: string;
  as_of: string;
  source: string;
  note: string;
}

/** Accepts "12", "12.5", "1,200", full-width digits "１２"; refuses anything else. */
export function parseValue(text: string): number | null {
  const s = text
    .trim()
    .replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/(\d),(?=\d{3}(\D|$))/g, '$1');
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

export function progressInput(target: string, d: ProgressDraft): { ok: true; report: ProgressInput } | { ok: false } {
  const value = parseValue(d.value);
  if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(d.as_of) || !d.source.trim()) return { ok: false };
  return { ok: true, report: { target, value, as_of: d.as_of, source: d.source.trim(), ...(d.note.trim() ? { note: d.note.trim() } : {}) } };
}
