import { describe, expect, it } from 'vitest';
import type { MeasureStats, StatsResponse, TargetProgress } from '../../core/api';
import type { Measure, Target } from '../../core/schema';
import { aimFigures, goalText, layerFigures, lengthShown, targetFigures, targetHeadline } from '../../web/src/lib/figures';
import { feature, layer } from './factories';

function target(over: Partial<Target> = {}): Target {
  return {
    id: 'm2-green-zones-and-factories',
    what: '省级以上绿色开发区和绿色工厂总数',
    what_en: 'Green zones and factories',
    value: 20,
    unit: '家',
    unit_en: '',
    comparator: 'at_least',
    year: 2025,
    scope: '全市',
    scope_en: 'city',
    quote: '达到20家',
    tracked_by: { layer: 'green-parks', unit: 'features' },
    ...over,
  } as Target;
}

function measure(id: number, targets: Target[]): Measure {
  return { id, section: 2, section_title: 's', section_title_en: 's', title: `m${id}`, title_en: `m${id}`, text: 't', departments: [], targets };
}

function stats(measures: MeasureStats[], over: Partial<StatsResponse> = {}): StatsResponse {
  return {
    filters: {},
    data_version: 'v1',
    totals: { features: 0, line_km: 0, polygon_km2: 0 },
    by_status: { planned: 0, in_progress: 0, completed: 0, unknown: 0 },
    layers: [],
    counties: [],
    citywide: { count: 0, by_layer: {} },
    outside: { count: 0, by_layer: {} },
    sections: [],
    measures,
    ...over,
  };
}

const progress = (t: Target, current: number | null, completed: number | null, unknown: number | null): TargetProgress => ({
  target: t,
  tracked: current !== null,
  current,
  completed,
  unknown,
});

describe('targetFigures', () => {
  it('puts the current count beside the target and reports completed share', () => {
    const t = target();
    const [f] = targetFigures(stats([{ id: 2, section: 2, count: 9, targets: [progress(t, 9, 5, 0)] }]), [measure(2, [t])], {});
    expect(f).toMatchObject({ current: 9, completed: 5, goal: 20, progress: 'reported', percent: 25 });
  });

  it('says progress is unknown rather than 0 % when nothing is reported done', () => {
    const t = target();
    const [f] = targetFigures(stats([{ id: 2, section: 2, count: 4, targets: [progress(t, 4, 0, 4)] }]), [measure(2, [t])], {});
    expect(f.progress).toBe('unknown');
    expect(f.percent).toBeNull();
  });

  it('marks targets without mapped features as untracked, keeping the plan figure', () => {
    const t = target({ id: 'm15-expressway-asphalt-recycling', value: 98, unit: '%', tracked_by: undefined });
    const [f] = targetFigures(stats([{ id: 15, section: 5, count: 0, targets: [progress(t, null, null, null)] }]), [measure(15, [t])], {});
    expect(f).toMatchObject({ current: null, progress: 'untracked', goal: 98, percent: null });
    expect(goalText(f, 'zh')).toBe('≥ 98% · 2025年前');
  });

  it('counts all 12 counties for 县县通, or the selected ones', () => {
    const t = target({ id: 'm13-piped-gas-every-county', value: null, unit: '县（市、区）', comparator: 'all', year: null, tracked_by: { layer: 'gas-pipelines', unit: 'counties' } });
    const s = stats([{ id: 13, section: 5, count: 3, targets: [progress(t, 7, 0, 7)] }]);
    expect(targetFigures(s, [measure(13, [t])], {})[0].goal).toBe(12);
    const one = targetFigures(s, [measure(13, [t])], { counties: ['361130'] })[0];
    expect(one.goal).toBe(1);
    expect(goalText(one, 'zh')).toBe('全部 1 县（市、区）');
  });

  it('keeps only the measures the filter selects', () => {
    const a = target();
    const b = target({ id: 'm15-x', tracked_by: undefined });
    const s = stats([{ id: 2, section: 2, count: 0, targets: [progress(a, 0, 0, 0)] }]);
    expect(targetFigures(s, [measure(2, [a]), measure(15, [b])], { measures: [15] }).map((f) => f.target.id)).toEqual(['m15-x']);
  });
});

describe('aimFigures', () => {
  it('counts places pursuing each title under the filter, with completed and unknown', () => {
    const aim5a = { id: '5a', name: '5A级景区', name_en: '5A scenic area' };
    const fs = [
      feature({ id: 'a', aims: [aim5a], status: 'completed', counties: ['361130'] }),
      feature({ id: 'b', aims: [aim5a], status: 'unknown', counties: ['361123'] }),
      feature({ id: 'c', aims: [], counties: ['361130'] }),
    ];
    expect(aimFigures(fs, {})).toEqual([{ ...aim5a, count: 2, completed: 1, unknown: 1 }]);
    expect(aimFigures(fs, { counties: ['361123'] })[0]).toMatchObject({ count: 1, completed: 0 });
    expect(aimFigures(fs, { layers: ['gas-pipelines'] })).toEqual([]);
  });
});

describe('layerFigures', () => {
  it('joins the registry with the stats, zero where the stats have none, hidden layers left out', () => {
    const layers = [layer({ id: 'gas-pipelines' }), layer({ id: 'scenic-areas' })];
    const s = stats([], { layers: [{ id: 'gas-pipelines', count: 3, line_km: 120.5, polygon_km2: 0, with_extent: 3, by_status: { planned: 3, in_progress: 0, completed: 0, unknown: 0 }, by_precision: { surveyed: 0, approximate: 0, schematic: 3 } }] });
    const out = layerFigures(s, layers, {});
    expect(out.map((l) => [l.id, l.count, l.line_km])).toEqual([
      ['gas-pipelines', 3, 120.5],
      ['scenic-areas', 0, 0],
    ]);
    expect(layerFigures(s, layers, { layers: ['scenic-areas'] }).map((l) => l.id)).toEqual(['scenic-areas']);
  });

  it('carries whether km are schematic and how many features have an extent', () => {
    const layers = [layer({ id: 'gas-pipelines' }), layer({ id: 'bird-habitats' })];
    const s = stats([], { layers: [{ id: 'gas-pipelines', count: 3, line_km: 120.5, polygon_km2: 0, with_extent: 3, by_status: { planned: 3, in_progress: 0, completed: 0, unknown: 0 }, by_precision: { surveyed: 0, approximate: 0, schematic: 3 } }] });
    const [pipes, habitats] = layerFigures(s, layers, {});
    expect(pipes).toMatchObject({ schematic: true, with_extent: 3 });
    expect(habitats).toMatchObject({ schematic: false, with_extent: 0, polygon_km2: 0 });
  });
});

describe('what a target card and a length figure mean', () => {
  it('shows a target as progress only from completed work: planned features are not progress (县县通 "6 / 12")', () => {
    // six pipelines reach six counties, none completed: the card shows the goal, not 6
    expect(targetHeadline({ progress: 'unknown', completed: 0 })).toEqual({ kind: 'goal' });
    expect(targetHeadline({ progress: 'untracked', completed: null })).toEqual({ kind: 'goal' });
    // two of them reported completed: the card shows 2, whatever is planned besides
    expect(targetHeadline({ progress: 'reported', completed: 2 })).toEqual({ kind: 'progress', value: 2 });
  });

  it('counts a target as reported only when some feature is completed', () => {
    const t = target({ id: 'm13-gas', comparator: 'all', value: null, unit: '县', tracked_by: { layer: 'gas-pipelines', unit: 'counties' } });
    const [f] = targetFigures(stats([{ id: 13, section: 5, count: 6, targets: [progress(t, 6, 0, 0)] }]), [measure(13, [t])], {});
    expect(f).toMatchObject({ current: 6, completed: 0, progress: 'unknown', percent: null, goal: 12 });
    expect(targetHeadline(f)).toEqual({ kind: 'goal' });
  });

  it('shows a length only where some line is drawn to scale', () => {
    expect(lengthShown({ with_extent: 0, line_km: 0 })).toBe(false);
    expect(lengthShown({ with_extent: 2, line_km: 35.5 })).toBe(true);
  });
});
