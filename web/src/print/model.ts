/**
 * The briefing sheet as data: everything a sheet prints, in the page's language, built from the
 * API's answers (/api/stats for the same filter and day, /api/changes, the features and measures)
 * — never typed in. Pure, so it is tested without a browser (test/web/print-model.test.ts).
 */
import type { ApiFeature, LayerInfo, StatsResponse } from '../../../core/api';
import type { ChangeSet, ChangesResponse } from '../../../core/changes';
import { COUNTIES, COUNTY_CODES, type Lang } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import type { Measure } from '../../../core/schema';
import { localName, makeT } from '../i18n';
import { goalText, targetFigures, HABITAT_LAYER, PIPELINE_LAYER } from '../lib/figures';
import { describeFilter } from '../lib/filterText';
import { formatNumber, measureNumeral } from '../lib/format';
import { propsMatcher } from '../lib/match';
import { sourceLine } from '../lib/sources';
import type { Each } from './params';
import { printT } from './strings';

/** How many days `since` goes back by default: as the screen's "since the last briefing" panel. */
export const SINCE_DEFAULT_DAYS = 30;
/** Change sets listed on a sheet (the count says how many there are in all). */
export const CHANGES_LISTED = 8;
/** Other sources listed on a sheet. */
export const SOURCES_LISTED = 8;

/** One sheet to print: a filter and what it is about. */
export interface SheetSpec {
  key: string;
  filters: Filters;
  /** The sheet is one county's or one measure's in a booklet (or the filter names exactly one). */
  county?: string;
  measure?: number;
}

/** The sheets of a print: one for the filter, or one per county / measure of the filter (all when it names none). */
export function sheetSpecs(filters: Filters, each: Each | undefined, measureIds: readonly number[]): SheetSpec[] {
  if (each === 'county')
    return (filters.counties ?? COUNTY_CODES).map((code) => ({ key: `county-${code}`, filters: { ...filters, counties: [code] }, county: code }));
  if (each === 'measure')
    return (filters.measures ?? measureIds).map((id) => ({ key: `measure-${id}`, filters: { ...filters, measures: [id] }, measure: id }));
  return [
    {
      key: 'sheet',
      filters,
      county: filters.counties?.length === 1 ? filters.counties[0] : undefined,
      measure: filters.measures?.length === 1 ? filters.measures[0] : undefined,
    },
  ];
}

/** The default `since`: 30 days before the as-of day (or today). */
export function defaultSince(asof: string | undefined, today: string): string {
  const day = asof ?? today;
  return new Date(Date.parse(`${day}T00:00:00Z`) - SINCE_DEFAULT_DAYS * 86_400_000).toISOString().slice(0, 10);
}

/** A UTC instant as its day in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDay(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso.slice(0, 10) : new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

export interface FigureRow {
  layer: string;
  name: string;
  count: number;
  /** Count per status, in the order planned, in progress, completed, unknown. */
  byStatus: number[];
  extent: string;
}

export interface TargetRow {
  id: string;
  measure: string;
  target: string;
  goal: string;
  mapped: string;
  reported: string;
  standing: string;
  /** met / missed / not_reported / open / no_deadline: the sign in the text carries it, not colour. */
  standingKind: string;
}

export interface PlaceRow {
  id: string;
  name: string;
  layer: string;
  status: string;
  precision: string;
  statusDate: string;
}

export interface ChangeRow {
  id: string;
  date: string;
  text: string;
}

export interface SheetModel {
  key: string;
  title: string;
  /** The county's or measure's name in a booklet's contents. */
  heading: string;
  filterText: string;
  asofText: string;
  beforeHistory?: string;
  figures: { rows: FigureRow[]; total: { count: number; byStatus: number[] }; pipeline: string | null; habitat: string | null; citywide: string | null };
  statusNames: string[];
  targets: TargetRow[];
  places: PlaceRow[];
  /** `total`: change sets since `since` (rows lists the newest of them); `shownSummary` says so for fewer rows (a sheet that would run past two pages lists fewer). */
  changes: { title: string; basis: string; summary: string; rows: ChangeRow[]; total: number; shownSummary: (shown: number) => string };
  sources: { plan: string; measures: string | null; boundaries: string | null; other: string[]; more: string | null; data: string };
  /** What the map image shows, in words (its alt text). */
  mapAlt: string;
}

export interface SheetInput {
  spec: SheetSpec;
  lang: Lang;
  stats: StatsResponse;
  layers: readonly LayerInfo[];
  measures: readonly Measure[];
  features: readonly ApiFeature[];
  /** /api/changes for the sheet's counties and measures since `since` (null: it could not be read). */
  changes: ChangesResponse | null;
  since: string;
  sinceGiven: boolean;
  /** `asof` asked, if any. */
  asof?: string;
  /** Today (Asia/Shanghai), the day printed. */
  today: string;
  boundaries?: string;
}

const STATUS_ORDER = ['planned', 'in_progress', 'completed', 'unknown'] as const;

function measureLabel(id: number, lang: Lang): string {
  return lang === 'en' ? `Measure ${id}` : `措施（${measureNumeral(id)}）`;
}

export function sheetTitle(spec: SheetSpec, lang: Lang, measures: readonly Measure[]): { title: string; heading: string } {
  const pt = printT(lang);
  if (spec.county) {
    const c = COUNTIES.find((x) => x.code === spec.county);
    const name = c ? localName(c, lang) : spec.county;
    return { title: pt('print.titleCounty', { name }), heading: name };
  }
  if (spec.measure) {
    const m = measures.find((x) => x.id === spec.measure);
    const name = `${measureLabel(spec.measure, lang)} ${m ? localName({ name: m.title, name_en: m.title_en }, lang) : ''}`.trim();
    return { title: pt('print.titleMeasure', { name }), heading: name };
  }
  return { title: pt('print.title'), heading: pt('print.title') };
}

/** What a change set did, in a few words: the first two changes by the feature's (or target's) name, a status change spelt out. */
export function changeText(cs: ChangeSet, lang: Lang, names: ReadonlyMap<string, string>, targets: ReadonlyMap<string, string>): string {
  const pt = printT(lang);
  const t = makeT(lang);
  const sep = lang === 'en' ? '; ' : '；';
  const parts = cs.changes.slice(0, 2).map((c) => {
    const what = c.op === 'progress' ? (targets.get(c.target ?? '') ?? c.target ?? '') : (names.get(c.feature ?? '') ?? c.feature ?? '');
    const status = c.fields.find((f) => f.field === 'status');
    const st =
      status && typeof status.after === 'string'
        ? ` (${typeof status.before === 'string' ? t(`status.${status.before}` as never) : '—'} → ${t(`status.${status.after}` as never)})`
        : '';
    return `${pt(`print.op.${c.op}` as never)} ${what}${st}`;
  });
  let text = parts.join(sep);
  if (cs.changes.length > 2) text += ` ${pt('print.more', { count: cs.changes.length - 2 })}`;
  if (cs.kind === 'release' || cs.kind === 'import' || cs.kind === 'revert') text = `${pt(`print.kind.${cs.kind}` as never)}: ${text}`;
  if (cs.note) text += ` — ${cs.note}`;
  return text;
}

export function buildSheet(input: SheetInput): SheetModel {
  const { spec, lang, stats, layers, measures, features } = input;
  const pt = printT(lang);
  const t = makeT(lang);
  const filters = spec.filters;
  const num = (n: number) => formatNumber(n, lang, 1);
  const { title, heading } = sheetTitle(spec, lang, measures);
  const what = describeFilter(filters, lang, layers);

  // Figures: exactly /api/stats for this filter and day.
  const shown = layers.filter((l) => !filters.layers || filters.layers.includes(l.id));
  const byId = new Map(stats.layers.map((l) => [l.id, l]));
  const rows: FigureRow[] = shown.map((l) => {
    const s = byId.get(l.id);
    const count = s?.count ?? 0;
    let extent = '—';
    if (s && count > 0) {
      if (l.geometry === 'line' || s.line_km > 0) extent = s.with_extent > 0 ? pt('print.km', { value: num(s.line_km) }) : s.by_precision.schematic > 0 ? pt('print.kmSchematic') : pt('print.extentNotMapped');
      else if (s.polygon_km2 > 0 || s.with_extent > 0) extent = pt('print.km2', { value: num(s.polygon_km2) });
      else extent = pt('print.extentNotMapped');
    }
    return { layer: l.id, name: localName(l, lang), count, byStatus: STATUS_ORDER.map((k) => s?.by_status[k] ?? 0), extent };
  });
  const pipe = byId.get(PIPELINE_LAYER);
  const hab = byId.get(HABITAT_LAYER);
  const pipeline =
    pipe && pipe.count > 0 && shown.some((l) => l.id === PIPELINE_LAYER)
      ? pt('print.pipelineKm', { value: pipe.with_extent > 0 ? pt('print.km', { value: num(pipe.line_km) }) : pipe.by_precision.schematic > 0 ? pt('print.kmSchematic') : pt('print.extentNotMapped') })
      : null;
  const habitat =
    hab && hab.count > 0 && shown.some((l) => l.id === HABITAT_LAYER)
      ? pt('print.habitatKm2', { value: hab.with_extent > 0 ? pt('print.km2', { value: num(hab.polygon_km2) }) : pt('print.extentNotMapped') })
      : null;

  // Targets with progress and standing (from /api/stats: core/deadlines.ts).
  const targetRows: TargetRow[] = targetFigures(stats, [...measures], filters).map((f) => {
    const unit = lang === 'en' ? f.target.unit_en : f.target.unit;
    const reported = f.reported
      ? pt('print.reportedValue', { value: `${f.reported.value}${unit === '%' ? '%' : unit ? ` ${unit}` : ''}`, as_of: f.reported.as_of, source: f.reported.source })
      : pt('print.notReported');
    const standingKind = f.standing ?? 'no_deadline';
    return {
      id: f.target.id,
      measure: measureLabel(f.measureId, lang),
      target: lang === 'en' ? f.target.what_en : f.target.what,
      goal: goalText(f, lang),
      mapped: f.current === null ? pt('print.notTracked') : `${f.completed ?? 0} / ${f.current}`,
      reported,
      standing: t(`standing.${standingKind}` as never, { deadline: f.deadline ?? '' }),
      standingKind,
    };
  });

  // Places under the filter (the day's features), by layer then name.
  const matches = propsMatcher(filters);
  const layerOrder = new Map(layers.map((l, i) => [l.id, i]));
  const placeFeatures = features
    .filter((f) => matches(f.properties) && (!filters.layers || filters.layers.includes(f.properties.layer)))
    .sort((a, b) => (layerOrder.get(a.properties.layer) ?? 99) - (layerOrder.get(b.properties.layer) ?? 99) || a.properties.name.localeCompare(b.properties.name, 'zh-CN'));
  const places: PlaceRow[] = placeFeatures.map((f) => {
    const p = f.properties;
    const layer = layers.find((l) => l.id === p.layer);
    return {
      id: p.id,
      name: localName(p, lang),
      layer: layer ? localName(layer, lang) : p.layer,
      status: t(`status.${p.status}` as never),
      precision: t(`precision.${p.precision}` as never),
      statusDate: p.status_date ?? '—',
    };
  });

  // Changes since `since`.
  const names = new Map(features.map((f) => [f.properties.id, localName(f.properties, lang)]));
  const targetNames = new Map(measures.flatMap((m) => m.targets.map((x) => [x.id, lang === 'en' ? x.what_en : x.what] as const)));
  const ch = input.changes;
  const changeRows: ChangeRow[] = (ch?.change_sets ?? []).slice(0, CHANGES_LISTED).map((cs) => ({ id: cs.id, date: shanghaiDay(cs.at), text: changeText(cs, lang, names, targetNames) }));
  const summary = !ch
    ? pt('print.changesError')
    : ch.numberMatched === 0
      ? pt('print.changesNone', { since: input.since })
      : pt('print.changesCount', { count: ch.numberMatched, shown: changeRows.length });

  // Sources: the plan, the measures the sheet touches, the boundaries, the places' own sources.
  const measureIds = new Set<number>(filters.measures ?? []);
  for (const f of placeFeatures) for (const m of f.properties.measures) measureIds.add(m);
  for (const r of targetFigures(stats, [...measures], filters)) measureIds.add(r.measureId);
  const measureList = [...measureIds]
    .sort((a, b) => a - b)
    .map((id) => {
      const m = measures.find((x) => x.id === id);
      return `${lang === 'en' ? `(${id})` : `（${measureNumeral(id)}）`}${m ? localName({ name: m.title, name_en: m.title_en }, lang) : ''}`;
    });
  const other = [
    ...new Set(
      placeFeatures.flatMap((f) => [
        ...f.properties.sources.map(sourceLine),
        ...(f.properties.status_evidence ? [f.properties.status_evidence.title] : []),
      ]),
    ),
  ];

  const summaryLine = `${places.length}`;
  return {
    key: spec.key,
    title,
    heading,
    filterText: what ? pt('print.filter', { what }) : pt('print.filterAll'),
    asofText: input.asof ? pt('print.asof', { date: input.asof }) : pt('print.asofNow', { date: input.today }),
    beforeHistory: input.asof && stats.asof?.before_history ? pt('print.beforeHistory', { date: input.asof }) : undefined,
    figures: {
      rows,
      total: { count: stats.totals.features, byStatus: STATUS_ORDER.map((k) => stats.by_status[k] ?? 0) },
      pipeline,
      habitat,
      citywide: stats.citywide.count > 0 ? pt('print.citywide', { count: stats.citywide.count }) : null,
    },
    statusNames: STATUS_ORDER.map((k) => t(`status.${k}` as never)),
    targets: targetRows,
    places,
    changes: { title: pt('print.changes', { since: input.since }), basis: input.sinceGiven ? pt('print.changesGiven') : pt('print.changesDefault'), summary, rows: changeRows, total: ch?.numberMatched ?? 0, shownSummary: (shown) => pt('print.changesCount', { count: ch?.numberMatched ?? 0, shown }) },
    sources: {
      plan: pt('print.sourcePlan'),
      measures: measureList.length ? pt('print.sourceMeasures', { list: measureList.join(lang === 'en' ? '; ' : '；') }) : null,
      boundaries: input.boundaries ? pt('print.sourceBoundaries', { attribution: input.boundaries }) : null,
      other: other.slice(0, SOURCES_LISTED),
      more: other.length > SOURCES_LISTED ? pt('print.sourceMore', { count: other.length - SOURCES_LISTED }) : null,
      data: pt('print.sourceData', { version: stats.data_version }),
    },
    mapAlt: pt('print.mapAlt', { filter: what || (lang === 'en' ? 'the whole city' : '全市'), summary: `${summaryLine} ${lang === 'en' ? 'places' : '处地点'}` }),
  };
}

/** The query of /api/changes for a sheet: its counties and measures, since a day, until the as-of day's end. */
export function changesQuery(filters: Filters, since: string, until: string | undefined, limit = CHANGES_LISTED): string {
  const p = new URLSearchParams();
  p.set('since', since);
  if (until) p.set('until', until);
  if (filters.counties) p.set('county', filters.counties.join(','));
  if (filters.measures) p.set('measure', filters.measures.join(','));
  p.set('limit', String(limit));
  return `?${p.toString().replace(/%2C/gi, ',')}`;
}
