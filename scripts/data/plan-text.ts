/**
 * Reading the plan's text (shared/seed/shangrao-green-lowcarbon-plan-2022.txt) despite its
 * page-break artefacts. Pure functions; the build and the tests use the same normalisation, so
 * "appears in the plan" always means "appears in normalisePlanText(seed)".
 */
import { MEASURE_NUMERALS, SECTION_NUMERALS } from '../../core/contract';

/** Where the seed lives, relative to the repository root. */
export const SEED_PATH = '../shared/seed/shangrao-green-lowcarbon-plan-2022.txt';

/**
 * Fixes applied after whitespace is removed, each an artefact of the text's page breaks or
 * conversion (documented in data/README.md).
 */
export const ARTEFACT_FIXES: readonly { find: string; replace: string; why: string }[] = [
  { find: '开发区区、', replace: '开发区、', why: 'the word 开发区 broken across a page, its last character repeated' },
  { find: '棚户区and城镇', replace: '棚户区和城镇', why: 'a stray English "and" in place of 和' },
  { find: '(', replace: '（', why: 'half-width parentheses in places; the plan otherwise uses full-width' },
  { find: ')', replace: '）', why: 'half-width parentheses in places' },
];

/** Removes all whitespace (page breaks, spaces around numbers) and applies ARTEFACT_FIXES. */
export function normalisePlanText(text: string): string {
  let s = text.replace(/\s+/g, '');
  for (const f of ARTEFACT_FIXES) s = s.split(f.find).join(f.replace);
  return s;
}

const MEASURE_START = /^[（(]\s*([一二三四五六七八九十]+)\s*[）)]/;
const SECTION_START = /^([一二三四五六七八])、/;

/**
 * The plan's paragraphs with page breaks mended: a paragraph that starts neither a section
 * (一、…) nor a measure (（一）…) continues the one before it.
 */
export function planParagraphs(raw: string): string[] {
  const out: string[] = [];
  let inBody = false;
  for (const block of raw.split(/\n\s*\n/)) {
    const text = block.trim();
    if (!text) continue;
    const starts = MEASURE_START.test(text) || SECTION_START.test(text);
    if (starts) inBody = true;
    if (starts || !inBody || out.length === 0) out.push(text);
    else out[out.length - 1] += text;
  }
  return out.map(normalisePlanText);
}

export interface PlanMeasure {
  id: number;
  section: number;
  section_title: string;
  title: string;
  text: string;
  departments: string[];
  /** False where the list ends in 等 (“…等按职责分工负责”): examples, not every unit responsible. */
  departments_exhaustive: boolean;
}

const DEPARTMENTS_AT_END = /（([^（）]*负责)）$/;

/** The 23 measures with their section, title (words before the first 。), text and departments. */
export function parsePlanMeasures(raw: string): PlanMeasure[] {
  const measures: PlanMeasure[] = [];
  let section = 0;
  let sectionTitle = '';
  for (const p of planParagraphs(raw)) {
    const s = SECTION_START.exec(p);
    if (s) {
      section = SECTION_NUMERALS.indexOf(s[1] as (typeof SECTION_NUMERALS)[number]) + 1;
      sectionTitle = p.slice(s[0].length);
      continue;
    }
    const m = MEASURE_START.exec(p);
    if (!m) continue;
    const id = MEASURE_NUMERALS.indexOf(m[1] as (typeof MEASURE_NUMERALS)[number]) + 1;
    if (id === 0) throw new Error(`unknown measure numeral ${m[1]}`);
    const body = p.slice(m[0].length);
    const d = DEPARTMENTS_AT_END.exec(body);
    // measure 1 is a statement of principle and names no departments
    const text = d ? body.slice(0, d.index) : body;
    const departments = d
      ? d[1]
          .replace(/等?按职责分工负责$/, '')
          .split('、')
          .map((x) => x.trim())
          .filter(Boolean)
      : [];
    const departments_exhaustive = !d || !/等按职责分工负责$/.test(d[1]);
    measures.push({ id, section, section_title: sectionTitle, title: text.slice(0, text.indexOf('。')), text, departments, departments_exhaustive });
  }
  return measures;
}
