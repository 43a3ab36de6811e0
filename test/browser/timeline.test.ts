/**
 * Progress over time in the pages (issue 19), in Chromium against the real server: after an edit
 * and a progress report, the planner's charts show /api/stats/timeline's numbers (the status table
 * per quarter, each target's reports), and the screen's tour=time shows one quarter, then the next,
 * with the since-panel listing that quarter's changes; axe finds nothing with a chart shown and on
 * the screen (AAA contrast too). Screenshots into test/artifacts/time/ (copied to docs/time/).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ApiFeatureCollection, StatsResponse, TimelineResponse } from '../../core/api';
import type { ChangesResponse } from '../../core/changes';
import { endOfShanghaiDay } from '../../core/asof';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { hashPassword } from '../../server/auth/passwords';
import { wcagViolations } from './axe';
import { ARTIFACTS, launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const DOCS = resolve(ARTIFACTS, 'time');
const PASSWORD = 'a timeline test password';
const MEASURE = 15;
const TARGET = 'm15-expressway-asphalt-recycling';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read for assertions
const api = async <T = any>(path: string): Promise<T> => (await fetch(new URL(path, baseUrl), { cache: 'no-store' })).json() as Promise<T>;

/** Sign in as an editor from a page of ours, change one feature's status and report progress on TARGET. */
async function makeHistory() {
  const accounts = new FileAccountStore(inject('stateDir'));
  if (!(await accounts.account('timelineeditor')))
    await accounts.addAccount({ username: 'timelineeditor', role: 'editor', passwordHash: await hashPassword(PASSWORD), disabled: false, created: new Date().toISOString() });
  const fc = await api<ApiFeatureCollection>('/api/layers/scenic-areas/features?county=361130');
  const f = fc.features[0];
  const app = await session.open('/', { waitForMap: false });
  try {
    await app.page.locator('[data-testid="signin"]').click({ timeout: 60_000 });
    await app.page.locator('input[name="username"]').fill('timelineeditor');
    await app.page.locator('input[name="password"]').fill(PASSWORD);
    await app.page.locator('[data-testid="signin-form"] button[type="submit"]').click();
    await app.page.waitForSelector('[data-testid="account-name"]');
    const etag = (await fetch(new URL(`/api/features/${f.properties.id}`, baseUrl))).headers.get('ETag')!;
    const status = f.properties.status === 'completed' ? 'in_progress' : 'completed';
    const date = f.properties.status_date === '2026-10-15' ? '2026-10-16' : '2026-10-15';
    const codes = await app.page.evaluate(
      async ([id, etag, status, date, measure, target]) => [
        (
          await fetch(`/api/features/${id}?note=timeline-test`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/merge-patch+json', 'If-Match': etag },
            body: JSON.stringify({ properties: { status, status_date: date, status_evidence: { title: `时间线测试 ${Date.now()}` } } }),
          })
        ).status,
        (
          await fetch(`/api/measures/${measure}/progress`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ target, value: 91, as_of: '2025-12-31', source: '浏览器测试（非真实数据）' }),
          })
        ).status,
      ],
      [f.properties.id, etag, status, date, MEASURE, TARGET] as const,
    );
    expect(codes).toEqual([200, 201]);
  } finally {
    await app.close();
  }
}

beforeAll(async () => {
  session = await launch(baseUrl);
  mkdirSync(DOCS, { recursive: true });
  await makeHistory();
}, 120_000);
afterAll(async () => {
  await session?.close();
});

/** The planner's status-over-time table, as numbers per period. */
async function tableOf(app: AppPage): Promise<Record<string, Record<string, number>>> {
  return app.page.evaluate(() => {
    const out: Record<string, Record<string, number>> = {};
    for (const tr of document.querySelectorAll('[data-testid="status-timeline-table"] tr[data-period]')) {
      const row: Record<string, number> = {};
      for (const td of tr.querySelectorAll('td[data-status]')) row[td.getAttribute('data-status')!] = Number(td.getAttribute('data-value'));
      row.total = Number(tr.querySelector('td[data-total]')!.getAttribute('data-total'));
      out[tr.getAttribute('data-period')!] = row;
    }
    return out;
  });
}

describe('planner: progress over time', () => {
  it('draws the count by status per quarter and each target\'s reports with the API\'s numbers; axe finds nothing', { timeout: 180_000 }, async () => {
    const app = await session.open(`/?measure=${MEASURE}`, { waitForMap: false });
    try {
      const tl = await api<TimelineResponse>(`/api/stats/timeline?measure=${MEASURE}&step=quarter`);
      expect(tl.periods.length).toBeGreaterThanOrEqual(2); // the baseline, then the quarter of the edits
      await app.page.waitForSelector('[data-testid="status-timeline-table"] tr[data-period]', { state: 'attached', timeout: 60_000 });
      const want = Object.fromEntries(tl.periods.map((p) => [p.label, { ...p.by_status, total: p.total }]));
      await expect.poll(() => tableOf(app), { timeout: 30_000 }).toEqual(want);
      // the chart was drawn (a canvas inside it)
      await app.page.waitForSelector('[data-chart="status-timeline"] canvas', { timeout: 30_000 });

      // the measure's small multiples: one per target, the reported one with its point and words
      const series = tl.targets.find((s) => s.target === TARGET)!;
      expect(series.points.map((p) => [p.as_of, p.value])).toContainEqual(['2025-12-31', 91]);
      const fig = app.page.locator(`[data-target-timeline="${TARGET}"]`);
      await fig.waitFor({ timeout: 30_000 });
      expect(await fig.getAttribute('data-points')).toBe(String(series.points.length));
      expect(await app.page.locator('[data-target-timeline]').count()).toBe(tl.targets.filter((s) => s.measure === MEASURE).length);
      const words = await app.page.locator(`[data-summary="${TARGET}"]`).textContent();
      expect(words).toContain('2025-12-31 报告 91');
      expect(words).toContain('目标 98%');
      await app.page.waitForSelector(`[data-chart="target-${TARGET}"] canvas`);

      // the data table opens; axe with the charts and the table shown
      await app.page.locator('.sgm-timeline-data summary').click();
      expect(await wcagViolations(app)).toEqual([]);
      await fig.scrollIntoViewIfNeeded();
      await app.page.screenshot({ path: resolve(DOCS, 'planner-timeline-1440x900.png') });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('in English on a phone', { timeout: 180_000 }, async () => {
    const app = await session.open(`/?measure=${MEASURE}&lang=en`, { viewport: VIEWPORTS.phone, waitForMap: false });
    try {
      await app.page.waitForSelector(`[data-summary="${TARGET}"]`, { timeout: 60_000 });
      expect(await app.page.locator(`[data-summary="${TARGET}"]`).textContent()).toMatch(/2025-12-31: 91 reported/);
      await app.page.waitForSelector('[data-testid="status-timeline"] canvas', { timeout: 30_000 });
      expect(await wcagViolations(app)).toEqual([]);
      await app.page.locator(`[data-target-timeline="${TARGET}"]`).scrollIntoViewIfNeeded();
      await app.page.screenshot({ path: resolve(DOCS, 'planner-timeline-en-390x844.png') });
    } finally {
      await app.close();
    }
  });
});

describe('screen: tour=time', () => {
  it('shows quarter N, then N+1, each with its own changes in the since-panel and its figures as of its end', { timeout: 180_000 }, async () => {
    const tl = await api<TimelineResponse>('/api/stats/timeline?step=quarter');
    const [first, second] = tl.periods;
    const app = await session.open('/screen?tour=time&interval=3600', { viewport: VIEWPORTS.wide, waitForMap: false });
    try {
      const expectStop = async (p: TimelineResponse['periods'][number], title: string) => {
        await app.page.waitForSelector(`.scr[data-stop="period:${p.label}"]`, { timeout: 60_000 });
        expect(await app.page.locator('.scr').getAttribute('data-stop-asof')).toBe(p.end);
        expect(await app.page.locator('[data-focus]').textContent()).toBe(title);
        const since = app.page.locator('.scr-since');
        expect(await since.getAttribute('data-since')).toBe(p.start);
        expect(await since.getAttribute('data-until')).toBe(p.end);
        const changes = await api<ChangesResponse>(`/api/changes?${new URLSearchParams({ since: `${p.start}T00:00:00+08:00`, until: endOfShanghaiDay(p.end), limit: '20' })}`);
        if (changes.numberMatched === 0) await app.page.waitForSelector('.scr-since [data-since-nothing]', { timeout: 30_000 });
        else await app.page.waitForSelector(`.scr-since [data-since-count="${changes.numberMatched}"]`, { timeout: 30_000 });
        const stats = await api<StatsResponse>(`/api/stats?asof=${p.end}`);
        await app.page.waitForSelector(`.scr [data-figure="total"][data-value="${stats.totals.features}"]`, { timeout: 30_000 });
        // the map shows the features as of the quarter's end too
        const layers = (await api<{ layers: { id: string }[] }>('/api/layers')).layers;
        const fcs = await Promise.all(layers.map((l) => api<ApiFeatureCollection>(`/api/layers/${l.id}/features?asof=${p.end}`)));
        const count = fcs.reduce((n, fc) => n + fc.features.length, 0);
        await app.page.waitForSelector(`.scr-map[data-map-asof="${p.end}"][data-map-features="${count}"]`, { timeout: 30_000 });
        return changes;
      };
      const q = (label: string) => label.replace(/^(\d{4})-Q(\d)$/, '$1年第$2季度');
      const before = await expectStop(first, q(first.label));
      expect(before.numberMatched).toBe(0); // the baseline quarter: before the history
      await app.page.screenshot({ path: resolve(DOCS, 'screen-tour-time-1-1920x1080.png') });
      await app.page.evaluate(() => (window as unknown as { __sgmScreen: { next(): void } }).__sgmScreen.next());
      const during = await expectStop(second, q(second.label));
      expect(during.numberMatched).toBeGreaterThanOrEqual(2); // this test's edit and report at least
      // the cards carry their standing in words, most pressing first
      const rank = ['missed', 'not_reported', 'open', 'met', 'no_deadline'];
      let seen = 0;
      for (const sel of ['.scr-cards > .scr-card > [data-standing]', '.scr-unmapped [data-standing]']) {
        const standings = await app.page.locator(sel).evaluateAll((els) => els.map((e) => e.getAttribute('data-standing')));
        expect([...standings].sort((a, b) => rank.indexOf(a!) - rank.indexOf(b!)), sel).toEqual(standings);
        seen += standings.length;
      }
      expect(seen).toBeGreaterThan(0);
      expect(await wcagViolations(app)).toEqual([]);
      const aaa = await new AxeBuilder({ page: app.page }).withRules(['color-contrast-enhanced']).analyze();
      expect(aaa.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')))).toEqual([]);
      await app.page.screenshot({ path: resolve(DOCS, 'screen-tour-time-2-1920x1080.png') });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
