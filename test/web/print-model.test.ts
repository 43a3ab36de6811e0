import { describe, expect, it } from 'vitest';
import type { LayerStats, StatsResponse } from '../../core/api';
import type { ChangeSet, ChangesResponse } from '../../core/changes';
import type { Measure, Target } from '../../core/schema';
import { buildSheet, changesQuery, changeText, defaultSince, shanghaiDay, sheetSpecs, type SheetInput } from '../../web/src/print/model';
import { feature, layer } from './factories';

const PIPES = layer({ id: 'gas-pipelines', name: '天然气管道', name_en: 'Gas pipelines', geometry: 'line', icon: 'flame' });
const BIRDS = layer({ id: 'bird-habitats', name: '鸟类栖息地与保护区', name_en: 'Bird habitats', geometry: 'polygon', icon: 'bird' });

const target: Target = {
  id: 'm13-county-gas',
  what: '管道天然气“县县通”',
  what_en: 'Piped gas in every county',
  value: null,
  unit: '县',
  unit_en: 'counties',
  comparator: 'all',
  year: 2025,
  scope: '全市',
  scope_en: 'city',
  quote: '县县通',
  tracked_by: { layer: 'gas-pipelines', unit: 'counties' },
} as Target;
const measures: Measure[] = [
  { id: 13, section: 4, section_title: 's', section_title_en: 's', title: '推动能源体系绿色低碳转型', title_en: 'Green energy', text: 't', departments: [], targets: [target] },
  { id: 16, section: 5, section_title: 's', section_title_en: 's', title: '保护生态', title_en: 'Protect ecology', text: 't', departments: [], targets: [] },
];

function layerStats(id: string, over: Partial<LayerStats>): LayerStats {
  return {
    id,
    count: 0,
    line_km: 0,
    polygon_km2: 0,
    with_extent: 0,
    by_status: { planned: 0, in_progress: 0, completed: 0, unknown: 0 },
    by_precision: { surveyed: 0, approximate: 0, schematic: 0 },
    ...over,
  };
}

function stats(over: Partial<StatsResponse> = {}): StatsResponse {
  return {
    filters: {},
    data_version: 'v7',
    totals: { features: 3, line_km: 0, polygon_km2: 41.26 },
    by_status: { planned: 2, in_progress: 0, completed: 1, unknown: 0 },
    layers: [
      layerStats('gas-pipelines', { count: 1, by_status: { planned: 1, in_progress: 0, completed: 0, unknown: 0 }, by_precision: { surveyed: 0, approximate: 0, schematic: 1 } }),
      layerStats('bird-habitats', { count: 2, polygon_km2: 41.26, with_extent: 1, by_status: { planned: 1, in_progress: 0, completed: 1, unknown: 0 }, by_precision: { surveyed: 1, approximate: 1, schematic: 0 } }),
    ],
    counties: [],
    citywide: { count: 0, by_layer: {} },
    outside: { count: 0, by_layer: {} },
    sections: [],
    measures: [
      {
        id: 13,
        section: 4,
        count: 1,
        targets: [{ target, tracked: true, current: 1, completed: 0, unknown: 0, reported: null, deadline: '2025-12-31', standing: 'not_reported' }],
      },
    ],
    ...over,
  } as StatsResponse;
}

const features = [
  feature({ id: 'gas-wuyuan', name: '婺源县连接省级天然气管网工程', name_en: 'Wuyuan gas link', layer: 'gas-pipelines', measures: [13], status: 'planned', precision: 'schematic', counties: ['361130'] }),
  feature({ id: 'bird-a', name: '甲湿地', name_en: 'Wetland A', layer: 'bird-habitats', measures: [16], status: 'completed', status_date: '2025-06-30', precision: 'surveyed', counties: ['361130'], sources: [{ title: '县志', publisher: '婺源县', date: '2020', about: ['location'] }] }),
  feature({ id: 'bird-b', name: '乙湿地', name_en: 'Wetland B', layer: 'bird-habitats', measures: [16], status: 'planned', counties: ['361128'] }),
];

const changeSet: ChangeSet = {
  id: '12',
  at: '2026-11-20T17:30:00Z',
  author: null,
  note: '据县政府工作报告',
  kind: 'edit',
  data_version: 'v7',
  changes: [
    { op: 'update', feature: 'bird-a', layer: 'bird-habitats', counties: ['361130'], measures: [16], fields: [{ field: 'status', before: 'planned', after: 'completed' }] },
  ],
};
const changes: ChangesResponse = { change_sets: [changeSet], numberMatched: 1, numberReturned: 1 };

function input(over: Partial<SheetInput> = {}): SheetInput {
  return {
    spec: { key: 'sheet', filters: { counties: ['361130'] }, county: '361130' },
    lang: 'zh',
    stats: stats(),
    layers: [PIPES, BIRDS],
    measures,
    features,
    changes,
    since: '2026-10-27',
    sinceGiven: false,
    today: '2026-11-26',
    boundaries: '县界 © 高德地图',
    ...over,
  };
}

describe('the sheet model', () => {
  it('titles a county sheet and states the filter and the day', () => {
    const m = buildSheet(input());
    expect(m.title).toBe('上饶市绿色低碳循环发展简报 · 婺源县');
    expect(m.filterText).toBe('筛选：婺源县');
    expect(m.asofText).toBe('数据截至打印时（2026-11-26）');
    expect(m.beforeHistory).toBeUndefined();
    const en = buildSheet(input({ lang: 'en', asof: '2024-06-30', stats: stats({ asof: { date: '2024-06-30', until: '2024-06-30T16:00:00.000Z', change_set: 0, before_history: true } }) }));
    expect(en.title).toBe('Shangrao green, low-carbon, circular development briefing · Wuyuan County');
    expect(en.asofText).toBe('Data as of the end of 2024-06-30 (Beijing time)');
    expect(en.beforeHistory).toMatch(/before the change history begins/);
  });

  it('prints the figures of /api/stats as they are: counts, by status, km² only where an extent is mapped', () => {
    const m = buildSheet(input());
    expect(m.figures.rows.map((r) => [r.layer, r.count, r.byStatus, r.extent])).toEqual([
      ['gas-pipelines', 1, [1, 0, 0, 0], '示意线，不计长度'],
      ['bird-habitats', 2, [1, 0, 1, 0], '41.3 平方千米'],
    ]);
    expect(m.figures.total).toEqual({ count: 3, byStatus: [2, 0, 1, 0] });
    expect(m.figures.pipeline).toBe('天然气管道长度：示意线，不计长度');
    expect(m.figures.habitat).toBe('鸟类栖息地面积：41.3 平方千米');
    expect(m.statusNames).toEqual(['规划中', '实施中', '已完成', '未知']);
  });

  it('lists each target with the map’s count, the report and its standing against the deadline, in words', () => {
    const [t] = buildSheet(input()).targets;
    expect(t).toMatchObject({ measure: '措施（十三）', target: '管道天然气“县县通”', mapped: '0 / 1', reported: '未报告', standingKind: 'not_reported' });
    expect(t.standing).toBe('! 期限 2025-12-31 已过，未报告进展');
    const reported = stats();
    reported.measures[0].targets[0] = { ...reported.measures[0].targets[0], reported: { value: 1, as_of: '2025-12-31', source: '市发改委', reported_at: '2026-01-05T00:00:00Z', change_set: '9' }, standing: 'met' };
    const r = buildSheet(input({ stats: reported })).targets[0];
    expect(r.reported).toBe('1 县（截至 2025-12-31；市发改委）');
    expect(r.standing).toMatch(/^✓ /);
  });

  it('lists the places under the filter with their status in words', () => {
    const m = buildSheet(input());
    expect(m.places.map((p) => [p.id, p.status, p.precision, p.statusDate])).toEqual([
      ['gas-wuyuan', '规划中', '示意', '—'],
      ['bird-a', '已完成', '实测', '2025-06-30'],
    ]);
  });

  it('puts the changes since a day into words, with the default said', () => {
    const m = buildSheet(input());
    expect(m.changes.title).toBe('2026-10-27 以来的变更');
    expect(m.changes.basis).toMatch(/默认：截至日期前 30 天/);
    expect(m.changes.summary).toBe('共 1 组变更，列出最近 1 组。');
    expect(m.changes.rows).toEqual([{ id: '12', date: '2026-11-21', text: '修改 甲湿地 (规划中 → 已完成) — 据县政府工作报告' }]);
    expect(buildSheet(input({ changes: { change_sets: [], numberMatched: 0, numberReturned: 0 }, sinceGiven: true })).changes).toMatchObject({ summary: '2026-10-27 以来没有变更。', basis: '（按 since 参数）' });
    expect(buildSheet(input({ changes: null })).changes.summary).toBe('变更记录无法读取。');
  });

  it('names its sources: the plan, the measures, the boundaries, the places’ sources', () => {
    const s = buildSheet(input()).sources;
    expect(s.plan).toMatch(/关于加快建立健全绿色低碳循环发展经济体系的实施方案/);
    expect(s.measures).toBe('本简报涉及的措施：（十三）推动能源体系绿色低碳转型；（十六）保护生态');
    expect(s.boundaries).toBe('行政区划：县界 © 高德地图');
    expect(s.other).toEqual(['县志 · 婺源县 · 2020']);
    expect(s.data).toMatch(/数据版本 v7/);
  });
});

describe('sheets of a print', () => {
  it('one sheet for the filter, or one per county / measure', () => {
    expect(sheetSpecs({ counties: ['361130'] }, undefined, [1, 2])).toEqual([{ key: 'sheet', filters: { counties: ['361130'] }, county: '361130', measure: undefined }]);
    const counties = sheetSpecs({ measures: [13] }, 'county', [1, 2]);
    expect(counties).toHaveLength(12);
    expect(counties[0]).toEqual({ key: 'county-361102', filters: { measures: [13], counties: ['361102'] }, county: '361102' });
    expect(sheetSpecs({}, 'measure', [1, 2, 3]).map((s) => s.key)).toEqual(['measure-1', 'measure-2', 'measure-3']);
    expect(sheetSpecs({ measures: [4, 16] }, 'measure', [1, 2, 3]).map((s) => s.filters.measures)).toEqual([[4], [16]]);
  });
});

describe('helpers', () => {
  it('since defaults to 30 days before the as-of day or today', () => {
    expect(defaultSince(undefined, '2026-11-26')).toBe('2026-10-27');
    expect(defaultSince('2025-03-01', '2026-11-26')).toBe('2025-01-30');
  });
  it('dates a change set by its day in Beijing time', () => {
    expect(shanghaiDay('2026-11-20T17:30:00Z')).toBe('2026-11-21');
    expect(shanghaiDay('2026-11-20T15:59:59Z')).toBe('2026-11-20');
  });
  it('asks /api/changes for the sheet’s counties and measures up to the as-of day', () => {
    expect(changesQuery({ counties: ['361130'], measures: [13, 16] }, '2026-10-27', '2025-12-31T16:00:00.000Z')).toBe(
      '?since=2026-10-27&until=2025-12-31T16%3A00%3A00.000Z&county=361130&measure=13,16&limit=8',
    );
  });
  it('says how many more changes a change set holds', () => {
    const many: ChangeSet = { ...changeSet, note: null, kind: 'import', changes: [1, 2, 3, 4].map((i) => ({ op: 'create' as const, feature: `f${i}`, counties: [], measures: [], fields: [] })) };
    expect(changeText(many, 'en', new Map([['f1', 'One']]), new Map())).toBe('Import: Added One; Added f2 and 2 more');
  });
});
