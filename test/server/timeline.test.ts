/**
 * GET /api/stats/timeline (issue 19): the count by status at the end of each period, read through
 * the store's own "as of", and each target's reported progress — on both stores (this file is in
 * vitest.config.ts's API_SUITE).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { shanghaiToday } from '../../core/asof';
import { historyApp } from './history-factory';
import { EAST, WEST } from './factories';

type History = Awaited<ReturnType<typeof historyApp>>;
let app: History['app'];
let json: History['json'];

interface Period {
  label: string;
  end: string;
  partial: boolean;
  change_set: number;
  before_history: boolean;
  total: number;
  by_status: Record<string, number>;
}
const byLabel = (body: { periods: Period[] }) => Object.fromEntries(body.periods.map((p) => [p.label, p]));

beforeAll(async () => {
  const h = await historyApp();
  ({ app, json } = h);
  // 2025-03-11 (Shanghai): west-point planned → completed (2025-Q1).
  await h.patch('2025-03-10T17:00:00Z', 'west-point', { properties: { status: 'completed', status_date: '2025-03-01', status_evidence: { title: '上饶市政府工作报告' } } });
  // 2025-08-10: east-point unknown → in_progress (2025-Q3).
  await h.patch('2025-08-10T04:00:00Z', 'east-point', { properties: { status: 'in_progress', status_date: '2025-08-01', status_evidence: { title: '广丰区文旅局' } } });
  await h.report('2025-10-01T04:00:00Z', 4, { target: 'm4-five-a', value: 3, as_of: '2025-09-30', source: '上饶市文旅局' });
  // (change sets in the order of time, as a store records them) 2025-11-10: east-point deleted (2025-Q4).
  await h.remove('2025-11-10T04:00:00Z', 'east-point');
  await h.report('2026-01-05T04:00:00Z', 4, { target: 'm4-five-a', value: 2, as_of: '2025-12-31', source: '上饶市文旅局' });
});

describe('GET /api/stats/timeline', () => {
  it('counts by status at the end of each quarter from the one before the history to today, and the series moves with the edits', async () => {
    const body = await json('/api/stats/timeline');
    expect(body.step).toBe('quarter');
    expect(body.history_start).toBe('2025-03-11');
    expect(body.today).toBe(shanghaiToday());
    const labels = body.periods.map((p: Period) => p.label);
    expect(labels.slice(0, 5)).toEqual(['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
    expect(body.periods.at(-1).end).toBe(shanghaiToday());
    const q = byLabel(body);
    expect(q['2024-Q4']).toMatchObject({ before_history: true, change_set: 0 });
    expect(q['2025-Q1'].before_history).toBe(false);
    // west-point completed in Q1; east-point in progress in Q3, gone in Q4
    expect(q['2024-Q4'].by_status.completed).toBe(q['2025-Q1'].by_status.completed - 1);
    expect(q['2025-Q2'].by_status.in_progress).toBe(q['2025-Q3'].by_status.in_progress - 1);
    expect(q['2025-Q2'].by_status.unknown).toBe(q['2025-Q3'].by_status.unknown + 1);
    expect(q['2025-Q4'].total).toBe(q['2025-Q3'].total - 1);
    expect(q['2025-Q4'].by_status.in_progress).toBe(q['2025-Q2'].by_status.in_progress);
    // each period's counts are /api/stats?asof= its end
    for (const label of ['2024-Q4', '2025-Q2', '2025-Q3']) {
      const s = await json(`/api/stats?asof=${q[label].end}`);
      expect(q[label].by_status, label).toEqual(s.by_status);
      expect(q[label].total).toBe(s.totals.features);
    }
    const now = await json('/api/stats');
    expect(body.periods.at(-1).by_status).toEqual(now.by_status);
  });

  it('honours the filter (county) and step=month', async () => {
    const east = await json(`/api/stats/timeline?step=month&county=${EAST}`);
    expect(east.filters).toEqual({ counties: [EAST] });
    const m = byLabel(east);
    expect(Object.keys(m).slice(0, 3)).toEqual(['2025-02', '2025-03', '2025-04']);
    expect(m['2025-10'].total).toBe(m['2025-11'].total + 1);
    const west = byLabel(await json(`/api/stats/timeline?step=month&county=${WEST}`));
    expect(west['2025-02'].by_status.completed).toBe(west['2025-03'].by_status.completed - 1);
    expect(west['2025-10'].total).toBe(west['2025-11'].total); // the deletion was in the east
  });

  it('gives each target its reports as a series with goal and deadline; none reported, no point', async () => {
    const body = await json('/api/stats/timeline?measure=4');
    expect(new Set(body.targets.map((t: { measure: number }) => t.measure))).toEqual(new Set([4]));
    const t = body.targets.find((x: { target: string }) => x.target === 'm4-five-a');
    expect(t).toMatchObject({ goal: 3, goal_stated: true, deadline: '2025-12-31' });
    expect(t.points.map((p: { as_of: string; value: number; source: string }) => [p.as_of, p.value, p.source])).toEqual([
      ['2025-09-30', 3, '上饶市文旅局'],
      ['2025-12-31', 2, '上饶市文旅局'],
    ]);
    const all = await json('/api/stats/timeline');
    const others = all.targets.filter((x: { target: string }) => x.target !== 'm4-five-a');
    expect(others.length).toBeGreaterThan(0);
    for (const o of others) expect(o.points, o.target).toEqual([]);
  });

  it('refuses a bad step or filter with a 400 naming the parameter', async () => {
    for (const [query, parameter] of [
      ['step=week', 'step'],
      ['step=', 'step'],
      ['county=999999', 'county'],
      ['status=done', 'status'],
      ['asof=2025-01-01', 'asof'],
    ]) {
      const res = await app.request(`/api/stats/timeline?${query}`);
      expect(res.status, query).toBe(400);
      const body = await res.json();
      expect(body.error.parameter, query).toBe(parameter);
      expect(body.error.message.length).toBeGreaterThan(10);
    }
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await json('/api/openapi.json');
    const op = doc.paths['/api/stats/timeline'].get;
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['step', 'county', 'measure', 'status', 'q', 'layers']));
    expect(JSON.stringify(doc.components.schemas.Timeline)).toMatch(/before_history/);
  });
});
