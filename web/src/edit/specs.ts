/**
 * The editing forms of a feature's details, as data: which inputs each has, the form's values from
 * the feature's properties, and the merge patch those values make (pure, tested without a
 * browser). One generic form (EditForm.tsx) draws, previews, saves and resolves conflicts for all.
 */
import { MEASURE_NUMERALS, PRECISIONS, STATUSES, type Lang } from '../../../core/contract';
import type { Measure } from '../../../core/schema';
import type { Translate } from '../i18n';

/** A form's values: text inputs hold strings, check lists hold the checked values. */
export type Draft = Record<string, string | string[]>;

export interface FieldSpec {
  /** The input's name and its key in the draft. */
  name: string;
  label: string;
  kind: 'text' | 'textarea' | 'date' | 'url' | 'select' | 'checks';
  options?: { value: string; label: string }[];
  required?: boolean;
  /** Language of what is typed (lang attribute). */
  lang?: string;
}

export interface EditorSpec {
  /** data-testid of the form's section, e.g. status-editor. */
  testId: string;
  title: string;
  fields: FieldSpec[];
  draft(props: Record<string, unknown>): Draft;
  patch(draft: Draft): Record<string, unknown>;
}

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const text = (d: Draft, k: string) => (typeof d[k] === 'string' ? (d[k] as string).trim() : '');

/** A measure's clause as printed in the plan: （四） for measure 4. */
const clauseOf = (id: number) => `（${MEASURE_NUMERALS[id - 1] ?? id}）`;

/** Today in UTC as YYYY-MM-DD (the default date a status took effect). */
export const today = (now = new Date()) => now.toISOString().slice(0, 10);

export function statusSpec(t: Translate, now = new Date()): EditorSpec {
  return {
    testId: 'status-editor',
    title: t('edit.status'),
    fields: [
      { name: 'status', label: t('detail.status'), kind: 'select', options: STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })) },
      { name: 'status_date', label: t('edit.statusDate'), kind: 'date', required: true },
      { name: 'evidence', label: t('edit.evidence'), kind: 'text', required: true },
      { name: 'evidence_url', label: t('edit.evidenceUrl'), kind: 'url' },
    ],
    // The date and the evidence describe a new decision: they start fresh, not from the last one.
    draft: (p) => ({ status: str(p.status) || 'unknown', status_date: today(now), evidence: '', evidence_url: '' }),
    patch: (d) => {
      const url = text(d, 'evidence_url');
      return { status: text(d, 'status'), status_date: text(d, 'status_date'), status_evidence: url ? { title: text(d, 'evidence'), url } : { title: text(d, 'evidence') } };
    },
  };
}

export function namesSpec(t: Translate): EditorSpec {
  return {
    testId: 'names-editor',
    title: t('edit.names'),
    fields: [
      { name: 'name', label: t('edit.name'), kind: 'text', required: true, lang: 'zh-CN' },
      { name: 'name_en', label: t('edit.nameEn'), kind: 'text', required: true, lang: 'en' },
    ],
    draft: (p) => ({ name: str(p.name), name_en: str(p.name_en) }),
    patch: (d) => ({ name: text(d, 'name'), name_en: text(d, 'name_en') }),
  };
}

export function notesSpec(t: Translate): EditorSpec {
  return {
    testId: 'notes-editor',
    title: t('edit.notes'),
    fields: [
      { name: 'location_note', label: t('edit.locationNote'), kind: 'textarea', required: true, lang: 'zh-CN' },
      { name: 'location_note_en', label: t('edit.locationNoteEn'), kind: 'textarea', required: true, lang: 'en' },
    ],
    draft: (p) => ({ location_note: str(p.location_note), location_note_en: str(p.location_note_en) }),
    patch: (d) => ({ location_note: text(d, 'location_note'), location_note_en: text(d, 'location_note_en') }),
  };
}

export function planSpec(t: Translate, measures: readonly Measure[], lang: Lang): EditorSpec {
  return {
    testId: 'plan-editor',
    title: t('edit.plan'),
    fields: [
      {
        name: 'measures',
        label: t('edit.measures'),
        kind: 'checks',
        options: measures.map((m) => ({ value: String(m.id), label: `${clauseOf(m.id)} ${lang === 'en' ? m.title_en : m.title}` })),
      },
      { name: 'clause', label: t('edit.clause'), kind: 'select', options: MEASURE_NUMERALS.map((n) => ({ value: `（${n}）`, label: `（${n}）` })) },
    ],
    draft: (p) => ({ measures: Array.isArray(p.measures) ? p.measures.map(String) : [], clause: str(p.clause) }),
    patch: (d) => ({
      measures: (Array.isArray(d.measures) ? d.measures : []).map(Number).sort((a, b) => a - b),
      clause: text(d, 'clause'),
    }),
  };
}

export function precisionSpec(t: Translate): EditorSpec {
  return {
    testId: 'precision-editor',
    title: t('edit.precision'),
    fields: [{ name: 'precision', label: t('detail.precision'), kind: 'select', options: PRECISIONS.map((p) => ({ value: p, label: t(`precision.${p}`) })) }],
    draft: (p) => ({ precision: str(p.precision) }),
    patch: (d) => ({ precision: text(d, 'precision') }),
  };
}

/** The non-public note for the data team (`internal_note`): seen by signed-in accounts only, never served to anonymous callers. Emptied, it is removed. */
export function internalSpec(t: Translate): EditorSpec {
  return {
    testId: 'internal-editor',
    title: t('edit.internal'),
    fields: [{ name: 'internal_note', label: t('edit.internalNote'), kind: 'textarea', lang: 'zh-CN' }],
    draft: (p) => ({ internal_note: str(p.internal_note) }),
    patch: (d) => ({ internal_note: text(d, 'internal_note') || null }),
  };
}
