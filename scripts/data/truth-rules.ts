/**
 * Rules that keep the data saying only what is so (issue 11): statuses that describe the plan's
 * work, precision that matches the note, schematic features counted where the plan says, sources
 * for positions, targets the plan states, words that mean what the Chinese means. Pure; each rule
 * returns problems for `npm run data:check`, and each has a broken fixture in test/data.
 */
import * as turf from '@turf/turf';
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson';
import { COUNTIES } from '../../core/contract';
import type { Dataset, FeatureProperties } from '../../core/schema';
import type { DataProblem } from '../../server/dataset/load';

type FileOf = (layer: string) => string;
type F = Feature<Geometry, FeatureProperties>;

/**
 * Words with which the plan relies on, continues or improves something that already exists. Work
 * of that kind is not `planned` (docs/contract.md: "planned only where the plan asks for something new").
 */
export const CONTINUING_WORDS = ['依托', '持续', '提高', '提升', '加强'] as const;
/** Words with which the plan asks for a new title or a new thing for a place that already exists. */
export const NEW_TITLE_WORDS = ['创建', '争创', '申报'] as const;

/** Status: the plan's work on the place, never whether the place exists. */
export function statusProblems(ds: Dataset, fileOf: FileOf): DataProblem[] {
  const out: DataProblem[] = [];
  for (const f of ds.features) {
    const p = f.properties;
    const file = fileOf(p.layer);
    const continuing = CONTINUING_WORDS.filter((w) => p.quote.includes(w));
    if (continuing.length > 0 && p.status === 'planned') {
      out.push({ file, id: p.id, problem: `status planned, but the plan's words (${continuing.join('、')}) rely on or improve something that exists: use unknown until a source says how the work stands` });
    }
    if (continuing.length > 0 && !p.existing) {
      out.push({ file, id: p.id, problem: `the plan's words (${continuing.join('、')}) say the place exists: set existing {since, source} (null where not found)` });
    }
    if (p.existing && p.status === 'planned' && !NEW_TITLE_WORDS.some((w) => p.quote.includes(w))) {
      out.push({ file, id: p.id, problem: `the place exists (existing) and the quote asks for nothing new (${NEW_TITLE_WORDS.join('、')}): status must not be planned` });
    }
  }
  return out;
}

const SCHEMATIC_NOTE = { zh: /^示意/, en: /^Schematic/ };
/** Notes that say the point stands for a place rather than marking its site. */
const STANDS_FOR = { zh: /代表|标记置于|仅为示意/, en: /stands? for|a marker (?:only|at|in|on|near)/i };
/** Minimum distance between a schematic point and any other point, km: symbols must not sit on each other. */
export const SCHEMATIC_SPACING_KM = 0.5;

/** Precision: the flag says what the note says; schematic markers never stack. */
export function precisionProblems(ds: Dataset, fileOf: FileOf): DataProblem[] {
  const out: DataProblem[] = [];
  for (const f of ds.features) {
    const p = f.properties;
    const file = fileOf(p.layer);
    const saysSchematic = SCHEMATIC_NOTE.zh.test(p.location_note) || SCHEMATIC_NOTE.en.test(p.location_note_en);
    const standsFor = STANDS_FOR.zh.test(p.location_note) || STANDS_FOR.en.test(p.location_note_en);
    if (p.precision === 'schematic' && !(SCHEMATIC_NOTE.zh.test(p.location_note) && SCHEMATIC_NOTE.en.test(p.location_note_en))) {
      out.push({ file, id: p.id, problem: 'precision schematic: both location notes must begin with 示意 / Schematic and say what the sketch stands for' });
    }
    if (p.precision !== 'schematic' && (saysSchematic || standsFor)) {
      out.push({ file, id: p.id, problem: `precision ${p.precision}, but the location note says the geometry only stands for the place: make it schematic` });
    }
  }
  const points = ds.features.filter((f) => f.geometry.type === 'Point') as Feature<import('geojson').Point, FeatureProperties>[];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const a = points[i];
      const b = points[j];
      if (a.properties.precision !== 'schematic' && b.properties.precision !== 'schematic') continue;
      const km = turf.distance(a.geometry.coordinates, b.geometry.coordinates, { units: 'kilometers' });
      if (km < SCHEMATIC_SPACING_KM) {
        out.push({ file: fileOf(a.properties.layer), id: a.properties.id, problem: `schematic marker within ${km.toFixed(2)} km of "${b.properties.id}" (keep ${SCHEMATIC_SPACING_KM} km apart so neither hides the other)` });
      }
    }
  }
  return out;
}

/** 鄱阳县 → 鄱阳, 信州区 → 信州, 德兴市 → 德兴: how the plan names a county in running text. */
export const countyShortName = (name: string) => name.replace(/[县区市]$/, '');

/** Schematic features count where the plan's words put them, never where they are drawn. */
export function planCountyProblems(ds: Dataset, fileOf: FileOf): DataProblem[] {
  const out: DataProblem[] = [];
  for (const f of ds.features) {
    const p = f.properties;
    const file = fileOf(p.layer);
    if (p.precision !== 'schematic') {
      if (p.plan_counties) out.push({ file, id: p.id, problem: 'plan_counties is for schematic features only: an approximate or surveyed geometry decides its own counties' });
      continue;
    }
    if (p.outside) continue;
    if (!p.plan_counties) {
      out.push({ file, id: p.id, problem: 'schematic: set plan_counties to the counties the plan names for it, or [] for "city-wide / location not known"' });
      continue;
    }
    for (const code of p.plan_counties) {
      const c = COUNTIES.find((x) => x.code === code);
      if (!c) out.push({ file, id: p.id, problem: `plan_counties: ${code} is not a county code` });
      else if (!p.quote.includes(countyShortName(c.name))) out.push({ file, id: p.id, problem: `plan_counties: the quote does not name ${c.name} (${countyShortName(c.name)}); a schematic feature counts only where the plan says` });
    }
  }
  return out;
}

/** Every position says what it rests on; `cited` only with a source about the location. */
export function sourceProblems(ds: Dataset, fileOf: FileOf): DataProblem[] {
  const out: DataProblem[] = [];
  for (const f of ds.features) {
    const p = f.properties;
    const file = fileOf(p.layer);
    if (!p.location_source) {
      out.push({ file, id: p.id, problem: 'location_source missing: cited (with a source about the location), plan, or none_found' });
      continue;
    }
    const cited = p.sources.some((s) => typeof s !== 'string' && s.about.includes('location'));
    if (p.location_source === 'cited' && !cited) out.push({ file, id: p.id, problem: 'location_source cited, but no source in sources is about the location' });
    if (p.location_source === 'none_found' && cited) out.push({ file, id: p.id, problem: 'location_source none_found, but a source about the location is listed: use cited' });
  }
  return out;
}

/**
 * Shapes of the plan's words that state a target. Every sentence of a measure matching one must be
 * covered by one of the measure's targets (its quote includes the matched words).
 */
export const TARGET_PATTERNS: readonly RegExp[] = [
  /到\d{4}年底?[^。；]*?(?:达到|实现)[^。；，]*/g,
  /形成[^。；，]*[两三四五六七八九十]个[^。；，]*/g,
  /[三五]年（?[\d-]*年?）?[^。；，]{0,4}(?:攻坚)?行动/g,
  /[^。；，]*全覆盖/g,
  /[^。；，]*“(?:零废弃|县县通|一村一点)”/g,
];

export function targetProblems(ds: Dataset, file: string): DataProblem[] {
  const out: DataProblem[] = [];
  for (const m of ds.measures) {
    for (const re of TARGET_PATTERNS) {
      for (const hit of m.text.matchAll(new RegExp(re.source, re.flags))) {
        const words = hit[0];
        if (!m.targets.some((t) => t.quote.includes(words) || words.includes(t.quote))) {
          out.push({ file, id: String(m.id), problem: `the plan states a target ("${words}") that no target of measure ${m.id} quotes` });
        }
      }
    }
    if (m.departments.length > 0 && m.departments_exhaustive === undefined) {
      out.push({ file, id: String(m.id), problem: 'departments_exhaustive missing: false where the plan ends the list with 等 (not every unit, not all leads)' });
    }
  }
  return out;
}

/**
 * English renderings that say something the Chinese does not: Chinese term → wrong English. Checked
 * in every English string of layers, measures and features whose Chinese counterpart holds the term.
 */
export const GLOSSARY: readonly { zh: string; wrong: RegExp; right: string }[] = [
  { zh: '再生资源', wrong: /renewable/i, right: 'recyclables / secondary resources' },
  { zh: '县县通', wrong: /county-to-county/i, right: 'piped gas reaching every county' },
  { zh: '衢饶', wrong: /international/i, right: 'Zhejiang–Jiangxi border-area cooperation (not international)' },
];
/** Layer display names that promise something else than the layer holds (a certification, public parks, only cold chain). */
export const MISLEADING_LAYER_NAMES: readonly RegExp[] = [/^绿色园区$/, /^green parks?$/i, /^冷链物流基地$/];

export function wordProblems(ds: Dataset, labels: { layers: string; measures: string }, fileOf: FileOf): DataProblem[] {
  const out: DataProblem[] = [];
  const test = (file: string, id: string, zh: string, en: string, field: string) => {
    for (const g of GLOSSARY) if (zh.includes(g.zh) && g.wrong.test(en)) out.push({ file, id, problem: `${field}: "${en.match(g.wrong)![0]}" misreads ${g.zh}; it means ${g.right}` });
  };
  for (const l of ds.layers) {
    for (const n of [l.name, l.name_en]) if (MISLEADING_LAYER_NAMES.some((re) => re.test(n))) out.push({ file: labels.layers, id: l.id, problem: `display name "${n}" does not say what the layer holds; rename it (the id stays)` });
  }
  for (const m of ds.measures) {
    test(labels.measures, String(m.id), m.title, m.title_en, 'title_en');
    test(labels.measures, String(m.id), m.text, m.title_en, 'title_en');
    for (const t of m.targets) test(labels.measures, String(m.id), `${t.what}${t.quote}`, t.what_en, `target ${t.id} what_en`);
  }
  for (const f of ds.features) {
    const p = f.properties;
    test(fileOf(p.layer), p.id, p.name, p.name_en, 'name_en');
  }
  return out;
}

/** The features drawn with county outlines must be those outlines (same datum, same build). */
export function countyDerivedProblems(ds: Dataset, derived: Record<string, { codes: string[] }>, fileOf: FileOf): DataProblem[] {
  const out: DataProblem[] = [];
  for (const [id, { codes }] of Object.entries(derived)) {
    const f = ds.features.find((x) => x.properties.id === id) as F | undefined;
    if (!f || (f.geometry.type !== 'Polygon' && f.geometry.type !== 'MultiPolygon')) continue;
    const parts = ds.counties.filter((c) => codes.includes(c.properties.code));
    if (parts.length !== codes.length) continue;
    const union = parts.length === 1 ? parts[0] : turf.union(turf.featureCollection(parts));
    if (!union) continue;
    const poly = f as Feature<Polygon | MultiPolygon>;
    const diff = turf.difference(turf.featureCollection([union, poly]));
    const extra = turf.difference(turf.featureCollection([poly, union]));
    const off = ((diff ? turf.area(diff) : 0) + (extra ? turf.area(extra) : 0)) / turf.area(union);
    if (off > 0.01) out.push({ file: fileOf(f.properties.layer), id, problem: `drawn with the outlines of ${codes.join(', ')} but differs from them by ${(off * 100).toFixed(1)} % of their area: rebuild with npm run data:build` });
  }
  return out;
}
