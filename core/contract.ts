/**
 * Identifiers fixed by the public contract (docs/contract.md).
 * Users, shared links and other systems rely on these; change them only by adding.
 */

export interface CountyInfo {
  /** GB/T 2260 code, current. */
  code: string;
  name: string;
  name_en: string;
}

/** The 12 county-level divisions of Shangrao, in GB/T 2260 order. */
export const COUNTIES: readonly CountyInfo[] = [
  { code: '361102', name: '信州区', name_en: 'Xinzhou District' },
  { code: '361103', name: '广丰区', name_en: 'Guangfeng District' },
  { code: '361104', name: '广信区', name_en: 'Guangxin District' },
  { code: '361123', name: '玉山县', name_en: 'Yushan County' },
  { code: '361124', name: '铅山县', name_en: 'Yanshan County' },
  { code: '361125', name: '横峰县', name_en: 'Hengfeng County' },
  { code: '361126', name: '弋阳县', name_en: 'Yiyang County' },
  { code: '361127', name: '余干县', name_en: 'Yugan County' },
  { code: '361128', name: '鄱阳县', name_en: 'Poyang County' },
  { code: '361129', name: '万年县', name_en: 'Wannian County' },
  { code: '361130', name: '婺源县', name_en: 'Wuyuan County' },
  { code: '361181', name: '德兴市', name_en: 'Dexing City' },
];

export const COUNTY_CODES: readonly string[] = COUNTIES.map((c) => c.code);

/**
 * Retired codes and names still found in old data, mapped to the current code.
 * 上饶县 (361121) became 广信区 (361104) in 2019.
 */
export const COUNTY_ALIASES: Readonly<Record<string, string>> = {
  '361121': '361104',
  上饶县: '361104',
  'Shangrao County': '361104',
};

/** Current code for a code or name (current or retired), or undefined if it names no county. */
export function normalizeCountyCode(input: string): string | undefined {
  const s = input.trim();
  if (COUNTY_CODES.includes(s)) return s;
  if (Object.prototype.hasOwnProperty.call(COUNTY_ALIASES, s)) return COUNTY_ALIASES[s];
  const byName = COUNTIES.find((c) => c.name === s || c.name_en.toLowerCase() === s.toLowerCase());
  return byName?.code;
}

/** Management zones named by the plan: an attribute of a feature, never a county. */
export const MANAGEMENT_ZONES = [
  { id: 'sretdz', name: '上饶经济技术开发区', name_en: 'Shangrao Economic and Technological Development Zone' },
  { id: 'sanqingshan', name: '三清山风景名胜区', name_en: 'Sanqingshan Scenic Area' },
  { id: 'hsr-zone', name: '上饶高铁经济试验区', name_en: 'Shangrao High-Speed Rail Economic Pilot Zone' },
] as const;

export const STATUSES = ['planned', 'in_progress', 'completed', 'unknown'] as const;
export type Status = (typeof STATUSES)[number];

export const PRECISIONS = ['surveyed', 'approximate', 'schematic'] as const;
export type Precision = (typeof PRECISIONS)[number];

export const LAYER_ID_PATTERN = /^[a-z]+(-[a-z]+)*$/;

export const MEASURE_IDS: readonly number[] = Array.from({ length: 23 }, (_, i) => i + 1);

/** The plan's eight sections, 一 to 八. */
export const SECTION_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'] as const;

/** Chinese numerals of the measures, （一） to （二十三）, index = id - 1. */
export const MEASURE_NUMERALS = [
  '一', '二', '三', '四', '五', '六', '七', '八', '九', '十',
  '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十',
  '二十一', '二十二', '二十三',
] as const;

export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];
