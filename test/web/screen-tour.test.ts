import { describe, expect, it } from 'vitest';
import { COUNTY_CODES } from '../../core/contract';
import { clampTour, nextStop, pauseTour, resumeAfterMs, startTour, stopFilters, tickTour, tourStops } from '../../web/src/screen/tour';

const timing = (count: number, intervalMs = 20_000) => ({ count, intervalMs });

describe('tourStops', () => {
  it('tours the overview then all 12 counties by default', () => {
    const stops = tourStops('county', {}, [1, 2, 3]);
    expect(stops[0]).toEqual({ kind: 'overview' });
    expect(stops.slice(1).map((s) => (s.kind === 'county' ? s.code : ''))).toEqual([...COUNTY_CODES]);
  });

  it('tours only the counties the URL selects', () => {
    expect(tourStops('county', { counties: ['361130', '361181'] }, [])).toEqual([
      { kind: 'overview' },
      { kind: 'county', code: '361130' },
      { kind: 'county', code: '361181' },
    ]);
  });

  it('has a single stop when one county is selected or the tour is off', () => {
    expect(tourStops('county', { counties: ['361130'] }, [])).toEqual([{ kind: 'overview' }]);
    expect(tourStops('off', {}, [1, 2])).toEqual([{ kind: 'overview' }]);
  });

  it('tours the measures the URL selects, else all given', () => {
    expect(tourStops('measure', { measures: [4, 16] }, [1, 2, 3])).toEqual([{ kind: 'overview' }, { kind: 'measure', id: 4 }, { kind: 'measure', id: 16 }]);
    expect(tourStops('measure', {}, [1, 2])).toHaveLength(3);
  });
});

describe('stopFilters', () => {
  it('narrows the URL filters to the stop and keeps the others', () => {
    const f = { statuses: ['planned' as const], layers: ['scenic-areas'] };
    expect(stopFilters({ kind: 'county', code: '361130' }, f)).toEqual({ ...f, counties: ['361130'] });
    expect(stopFilters({ kind: 'measure', id: 4 }, f)).toEqual({ ...f, measures: [4] });
    expect(stopFilters({ kind: 'overview' }, f)).toBe(f);
  });
});

describe('tour state machine', () => {
  it('stays until the interval is up, then advances and wraps', () => {
    let s = startTour(0);
    s = tickTour(s, 19_999, timing(3));
    expect(s.index).toBe(0);
    s = tickTour(s, 20_000, timing(3));
    expect(s.index).toBe(1);
    s = tickTour(tickTour(s, 40_000, timing(3)), 60_000, timing(3));
    expect(s.index).toBe(0);
  });

  it('does not move with a single stop', () => {
    expect(tickTour(startTour(0), 1e9, timing(1)).index).toBe(0);
  });

  it('a tap pauses; it resumes by itself and then gives the stop a full interval', () => {
    const t = timing(5, 10_000);
    let s = pauseTour(startTour(0), 5_000, t);
    const until = 5_000 + resumeAfterMs(10_000);
    s = tickTour(s, until - 1, t);
    expect(s.index).toBe(0);
    expect(s.pausedUntil).not.toBeNull();
    s = tickTour(s, until, t);
    expect(s.pausedUntil).toBeNull();
    expect(s.index).toBe(0);
    expect(tickTour(s, until + 9_999, t).index).toBe(0);
    expect(tickTour(s, until + 10_000, t).index).toBe(1);
  });

  it('pauses for three intervals, within 15 s and 2 min', () => {
    expect(resumeAfterMs(20_000)).toBe(60_000);
    expect(resumeAfterMs(1_000)).toBe(15_000);
    expect(resumeAfterMs(600_000)).toBe(120_000);
  });

  it('nextStop advances at once; clampTour resets an index past the end', () => {
    expect(nextStop(startTour(0), 1, timing(3)).index).toBe(1);
    expect(clampTour({ index: 7, since: 0, pausedUntil: null }, 3).index).toBe(0);
    expect(clampTour({ index: 2, since: 0, pausedUntil: null }, 3).index).toBe(2);
  });
});

describe('tour=time', () => {
  const periods = [
    { label: '2025-Q2', start: '2025-04-01', end: '2025-06-30' },
    { label: '2025-Q3', start: '2025-07-01', end: '2025-09-30' },
    { label: '2025-Q4', start: '2025-10-01', end: '2025-11-26' },
  ];

  it('steps one quarter after another (the overview until the quarters are known), each as of its end with its own changes', async () => {
    const { stopAsOf, stopChanges, stopKey, periodTitle } = await import('../../web/src/screen/tour');
    expect(tourStops('time', {}, [1, 2], [])).toEqual([{ kind: 'overview' }]);
    const stops = tourStops('time', { counties: ['361130'] }, [1, 2], periods);
    expect(stops.map(stopKey)).toEqual(['period:2025-Q2', 'period:2025-Q3', 'period:2025-Q4']);
    expect(stopFilters(stops[1], { counties: ['361130'] })).toEqual({ counties: ['361130'] });
    expect(stopAsOf(stops[1], undefined)).toBe('2025-09-30');
    expect(stopChanges(stops[1], '2000-01-01')).toEqual({ since: '2025-07-01', until: '2025-09-30' });
    expect(stopChanges({ kind: 'overview' }, '2026-10-01')).toEqual({ since: '2026-10-01' });
    expect(stopAsOf({ kind: 'overview' }, '2024-06-30')).toBe('2024-06-30');
    expect([periodTitle('2025-Q3', 'zh'), periodTitle('2025-Q3', 'en'), periodTitle('2025-07', 'zh')]).toEqual(['2025年第3季度', '2025 Q3', '2025年7月']);
    // the same machine as the other tours: steps, wraps, pauses
    const t = timing(stops.length, 1000);
    let s = startTour(0);
    s = tickTour(s, 1000, t);
    expect(s.index).toBe(1);
    s = pauseTour(s, 1500, t);
    expect(tickTour(s, 5000, t).index).toBe(1);
    expect(nextStop(nextStop(s, 1600, t), 1700, t).index).toBe(0);
  });
});
