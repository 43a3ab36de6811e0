/**
 * Which column holds which field, and what a column's words mean. Guesses come from the header
 * (名称, 项目名称, 经度, 纬度, 状态, 所属措施, 县区 …, or our own property names — and their
 * 10-character dBase names in our Shapefile export, server/export/shapefile.ts — so that an export
 * reads back as it was); the client's `mapping` (column → field) overrides them.
 */
import { MEASURE_NUMERALS, STATUSES, type Precision, type Status } from '../../core/contract';
import { ImportError } from './errors';

/** Fields a column can feed. */
export const IMPORT_FIELDS = [
  'id', 'name', 'name_en', 'layer', 'measures', 'status', 'status_date', 'status_evidence', 'precision', 'note', 'source',
  'county', 'lon', 'lat', 'wkt', 'quote', 'location_note', 'location_note_en', 'zone', 'aims', 'sources', 'outside',
  'location_source', 'plan_counties', 'existing', 'internal_note', 'clause',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Header words per field, compared after `normalHeader`. */
const GUESSES: Record<ImportField, string[]> = {
  id: ['id', '编号', '标识', '要素编号', 'featureid'],
  name: ['name', '名称', '项目名称', '名字', '地名', '项目', '景区名称', '园区名称', '基地名称', '单位名称', 'title', '标题'],
  name_en: ['name_en', 'nameen', '英文名', '英文名称', 'englishname', 'name(en)'],
  layer: ['layer', '图层'],
  measures: ['measures', 'measure', '所属措施', '措施', '措施编号', '对应措施'],
  status: ['status', '状态', '进度', '建设状态', '项目状态', '进展'],
  status_date: ['status_date', 'statusdate', 'status_dt', '状态日期', '状态时间', '完成时间', '完成日期', '日期'],
  status_evidence: ['status_evidence', 'status_ev', '依据', '状态依据', '证明材料'],
  precision: ['precision', '精度', '位置精度', '定位精度'],
  note: ['note', '备注', 'remark', 'remarks', '说明'],
  source: ['source', '来源', '数据来源', '资料来源'],
  county: ['county', 'district', '县区', '区县', '县市区', '县(市、区)', '县（市、区）', '所在县区', '所属县区', '行政区', '县'],
  lon: ['lon', 'lng', 'long', 'longitude', '经度', '东经', 'x', 'point_x', '经度(°)'],
  lat: ['lat', 'latitude', '纬度', '北纬', 'y', 'point_y', '纬度(°)'],
  wkt: ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '坐标串'],
  quote: ['quote', '原文', '规划原文'],
  location_note: ['location_note', 'loc_note', '位置说明', '定位说明'],
  location_note_en: ['location_note_en', 'loc_note_e'],
  zone: ['zone', '管理区', '功能区'],
  aims: ['aims'],
  sources: ['sources'],
  outside: ['outside'],
  location_source: ['location_source', 'loc_source'],
  plan_counties: ['plan_counties', 'plan_cnty'],
  existing: ['existing'],
  internal_note: ['internal_note', 'int_note', '内部备注'],
  clause: ['clause', '条款'],
};

export function normalHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]+/g, (m) => (m.includes('_') ? '_' : ''))
    .trim();
}

const LOOKUP = new Map<string, ImportField>();
for (const [field, words] of Object.entries(GUESSES) as [ImportField, string[]][]) for (const w of words) if (!LOOKUP.has(normalHeader(w))) LOOKUP.set(normalHeader(w), field);

/** column → field: the guesses for `headers`, then the client's `mapping` over them (a field named by the client wins). */
export function resolveMapping(headers: string[], given: Record<string, string | null> | undefined): Map<string, ImportField> {
  const out = new Map<string, ImportField>();
  const taken = new Set<ImportField>();
  if (given) {
    for (const [col, field] of Object.entries(given)) {
      if (field === null || field === '') continue;
      out.set(col, field as ImportField);
      taken.add(field as ImportField);
    }
  }
  for (const h of headers) {
    if (given && h in given) continue;
    const f = LOOKUP.get(normalHeader(h));
    if (f && !taken.has(f)) {
      out.set(h, f);
      taken.add(f);
    }
  }
  return out;
}

/** The client's `mapping` JSON, checked: an object of column → field (or null to ignore the column). */
export function parseMappingJson(raw: string | undefined, headersHint?: string[]): Record<string, string | null> | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ImportError(400, 'bad_mapping', 'mapping must be JSON: an object of column name → field, e.g. {"项目名称": "name", "X": "lon"}.', { field: 'mapping' });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ImportError(400, 'bad_mapping', 'mapping must be a JSON object of column name → field, e.g. {"项目名称": "name"}.', { field: 'mapping' });
  for (const [col, field] of Object.entries(v)) {
    if (field !== null && field !== '' && !(IMPORT_FIELDS as readonly string[]).includes(field as string))
      throw new ImportError(400, 'bad_mapping', `mapping: column "${col.slice(0, 40)}" → "${String(field).slice(0, 40)}" is not a field; allowed: ${IMPORT_FIELDS.join(', ')} (or null to ignore the column).`, { field: 'mapping' });
  }
  void headersHint;
  return v as Record<string, string | null>;
}

/** The client's `defaults` JSON: field → value for rows that lack it. */
export function parseDefaultsJson(raw: string | undefined): Partial<Record<ImportField, unknown>> {
  if (raw === undefined || raw.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ImportError(400, 'bad_defaults', 'defaults must be JSON: an object of field → value, e.g. {"measures": [4], "status": "planned"}.', { field: 'defaults' });
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ImportError(400, 'bad_defaults', 'defaults must be a JSON object of field → value, e.g. {"measures": [4]}.', { field: 'defaults' });
  for (const k of Object.keys(v))
    if (!(IMPORT_FIELDS as readonly string[]).includes(k) || ['lon', 'lat', 'wkt', 'name', 'id'].includes(k))
      throw new ImportError(400, 'bad_defaults', `defaults: "${k.slice(0, 40)}" cannot have a default; allowed: ${IMPORT_FIELDS.filter((f) => !['lon', 'lat', 'wkt', 'name', 'id'].includes(f)).join(', ')}.`, { field: 'defaults' });
  return v as Partial<Record<ImportField, unknown>>;
}

/**
 * The client's `values` JSON: how the file's words map to values, {"status": {"竣工验收": "completed"}}.
 * Only status for now; each target must be a status (completed, in_progress, planned, unknown).
 */
export function parseValuesJson(raw: string | undefined): { status: Record<string, Status> } {
  if (raw === undefined || raw.trim() === '') return { status: {} };
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new ImportError(400, 'bad_values', 'values must be JSON: {"status": {"word in the file": "completed" | "in_progress" | "planned" | "unknown"}}.', { field: 'values' });
  }
  const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObj(v)) throw new ImportError(400, 'bad_values', 'values must be a JSON object, e.g. {"status": {"竣工验收": "completed"}}.', { field: 'values' });
  for (const k of Object.keys(v)) if (k !== 'status') throw new ImportError(400, 'bad_values', `values: "${k.slice(0, 40)}" cannot be mapped; allowed: status.`, { field: 'values' });
  const st = v.status ?? {};
  if (!isObj(st)) throw new ImportError(400, 'bad_values', 'values.status must be an object of word → status, e.g. {"竣工验收": "completed"}.', { field: 'values' });
  for (const [word, to] of Object.entries(st))
    if (!(STATUSES as readonly unknown[]).includes(to))
      throw new ImportError(400, 'bad_values', `values.status: "${word.slice(0, 40)}" → ${JSON.stringify(to).slice(0, 40)} is not a status; allowed: ${STATUSES.join(', ')}.`, { field: 'values' });
  return { status: st as Record<string, Status> };
}

// ---- values ----

const STATUS_WORDS: [RegExp, Status][] = [
  [/^(completed|done|finished|已完成|完成|已建成|建成|竣工|已竣工|已投运|投运|已实施)$/i, 'completed'],
  [/^(in[ _-]?progress|ongoing|under construction|在建|建设中|进行中|施工中|实施中|推进中|正在建设)$/i, 'in_progress'],
  [/^(planned|规划|计划|拟建|待建|规划中|计划中|未开工)$/i, 'planned'],
  [/^(unknown|未知|不详|不明)$/i, 'unknown'],
];

/** 已完成 → completed …; undefined for words we do not know (the caller sets `unknown` and says so). */
export function statusOf(v: string): Status | undefined {
  const s = v.normalize('NFKC').trim();
  return STATUS_WORDS.find(([re]) => re.test(s))?.[1];
}

const PRECISION_WORDS: [RegExp, Precision][] = [
  [/^(surveyed|实测|精确|测绘|准确)$/i, 'surveyed'],
  [/^(approximate|approx|大致|近似|约|概略|粗略)$/i, 'approximate'],
  [/^(schematic|示意|示意性)$/i, 'schematic'],
];
export function precisionOf(v: string): Precision | undefined {
  const s = v.normalize('NFKC').trim();
  return PRECISION_WORDS.find(([re]) => re.test(s))?.[1];
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function chineseNumber(s: string): number | undefined {
  const i = (MEASURE_NUMERALS as readonly string[]).indexOf(s);
  if (i >= 0) return i + 1;
  if (s.length === 1 && CN_DIGITS[s]) return CN_DIGITS[s];
  return undefined;
}

/** "4", "4,16", "（四）", "措施四、十六", [4, 16] → [4, 16]; undefined if any part is not a measure 1–23. */
export function measuresOf(v: unknown): number[] | undefined {
  if (Array.isArray(v)) return v.every((x) => Number.isInteger(x) && x >= 1 && x <= 23) && v.length > 0 ? (v as number[]) : undefined;
  if (typeof v === 'number') return Number.isInteger(v) && v >= 1 && v <= 23 ? [v] : undefined;
  if (typeof v !== 'string') return undefined;
  let s = v.normalize('NFKC').trim();
  if (s.startsWith('[')) {
    try {
      return measuresOf(JSON.parse(s));
    } catch {
      return undefined;
    }
  }
  s = s.replace(/措施|第|条|[()（）]/g, ' ');
  const parts = s.split(/[,，、;；/\s]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    const n = /^\d{1,2}$/.test(p) ? Number(p) : chineseNumber(p);
    if (n === undefined || n < 1 || n > 23) return undefined;
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** A number from a cell: 117.94, "117.94", "117°56'37\"E" (degrees, minutes, seconds). */
export function coordinateOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.normalize('NFKC').trim();
  if (/^[-+]?\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^([-+]?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分])?\s*(?:(\d+(?:\.\d+)?)\s*(?:"|″|''|秒))?\s*([NSEW东西南北])?$/i.exec(s);
  if (!m) return undefined;
  const deg = Number(m[1]) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
  return /[SW西南]/i.test(m[4] ?? '') ? -deg : deg;
}
