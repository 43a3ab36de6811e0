/**
 * Importing in the planner (issue 16) in Chromium against the real server: an editor signs in,
 * imports a GBK-encoded CSV with Chinese headers (名称,经度,纬度,状态,所属措施 — as Excel in China
 * saves it), sees the columns mapped, gives the rows a status date the file lacks, the preview (two
 * new features, one row left out with its problem, the problems as a CSV with a BOM), applies it with a note as one change set, finds the
 * features in the results, reverts the import from the panel, and they are gone; a second import is
 * reverted from a feature's history tab. axe's WCAG A/AA rules on the panel with a preview, and the
 * screenshots for docs/import/ (1440×900, 390×844). The mapping step: a column the server did not
 * guess is chosen, a status word it does not know is mapped (applied on the server), axe on the
 * page with the mapping step and the problems table in zh and en (1440×900). The export menu's
 * server files (XLSX, GeoJSON in GCJ-02, a zipped Shapefile) for a filter.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FileAccountStore } from '../../server/auth/file-accounts';
import { hashPassword } from '../../server/auth/passwords';
import { wcagViolations } from './axe';
import { launch, VIEWPORTS, type AppPage, type Session } from './driver';

let session: Session;
const baseUrl = inject('baseUrl');
const PASSWORD = 'an importer password';
const dir = mkdtempSync(join(tmpdir(), 'sgm-import-'));

beforeAll(async () => {
  const accounts = new FileAccountStore(inject('stateDir'));
  if (!(await accounts.account('importer')))
    await accounts.addAccount({ username: 'importer', role: 'editor', passwordHash: await hashPassword(PASSWORD), disabled: false, created: new Date().toISOString() });
  session = await launch(baseUrl);
});
afterAll(async () => {
  await session?.close();
});

/** A CSV as Excel in China saves it: GBK, CRLF, Chinese headers; line 4 has a longitude that is not a number. */
function gbkCsv(tag: string): string {
  const text = [
    '名称,经度,纬度,状态,所属措施',
    `${tag}光伏车棚,117.9712,28.4551,已完成,4`,
    `${tag}充电站,117.9420,28.4630,在建,4`,
    `${tag}无坐标,东经某处,28.45,规划,4`,
  ].join('\r\n');
  const file = join(dir, `${tag}.csv`);
  writeFileSync(file, iconv.encode(text, 'gbk'));
  return file;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON read for assertions
const api = async <T = any>(path: string): Promise<T> => (await fetch(new URL(path, baseUrl))).json() as Promise<T>;
const named = async (q: string) => (await api(`/api/layers/scenic-areas/features?q=${encodeURIComponent(q)}`)).features as { properties: { id: string; name: string } }[];

async function signIn(app: AppPage) {
  await app.page.locator('[data-testid="signin"]').click({ timeout: 60_000 });
  await app.page.locator('input[name="username"]').fill('importer');
  await app.page.locator('input[name="password"]').fill(PASSWORD);
  await app.page.locator('[data-testid="signin-form"] button[type="submit"]').click();
  await app.page.waitForSelector('[data-testid="account-name"]:has-text("importer")');
}

/** Open the panel, choose the layer and the file, and wait for the preview. */
async function preview(app: AppPage, file: string) {
  await app.page.locator('[data-testid="import-open"]').click();
  const panel = app.page.locator('[data-testid="import-panel"]');
  await panel.locator('select[name="layer"]').selectOption('scenic-areas');
  await panel.locator('input[type="file"]').setInputFiles(file);
  await panel.locator('[data-testid="import-preview"]').waitFor({ timeout: 60_000 });
  // 已完成 and 在建 must say since when: the file has no 状态日期 column, so a default for all rows (previewed again).
  const first = await panel.locator('[data-testid="import-preview"]').getAttribute('data-created');
  expect(first).toBe('0');
  await panel.locator('input[name="default-status_date"]').fill('2025-06-30');
  await panel.locator('[data-testid="import-preview"]:not([data-created="0"])').waitFor({ timeout: 60_000 });
  return panel;
}

async function apply(app: AppPage, note: string): Promise<string> {
  const panel = app.page.locator('[data-testid="import-panel"]');
  await panel.locator('input[name="note"]').fill(note);
  await panel.locator('[data-testid="import-apply"]').click();
  const done = panel.locator('[data-testid="import-done"]');
  await done.waitFor({ timeout: 60_000 });
  return (await done.getAttribute('data-change-set'))!;
}

/** axe's WCAG 2.0–2.2 A/AA violations inside the import panel (the rules of test/browser/a11y.test.ts), one line per element. */
async function panelViolations(app: AppPage): Promise<string[]> {
  const r = await new AxeBuilder({ page: app.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']).include('[data-testid="import-panel"]').analyze();
  return r.violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

/** A screenshot with the map drawn when it manages within 30 s (the panels are what these tests check). */
async function shot(app: AppPage, name: string) {
  await app.waitForMap().catch(() => {});
  await app.screenshot(name);
}

describe('importing in the planner', () => {
  it('an editor imports a GBK CSV with Chinese headers: preview with a problem row, apply, the features are there, revert, they are gone', async () => {
    const tag = '导入测试甲';
    const app = await session.open(`/?q=${encodeURIComponent(tag)}`, { waitForMap: false });
    try {
      expect(await app.page.locator('[data-testid="import-open"]').count()).toBe(0); // anonymous: no import
      await signIn(app);
      const panel = await preview(app, gbkCsv(tag));

      // The server's guesses from the Chinese headers, shown as selects.
      const mapping = panel.locator('[data-testid="import-mapping"]');
      expect(await mapping.locator('select[name="map-名称"]').inputValue()).toBe('name');
      expect(await mapping.locator('select[name="map-经度"]').inputValue()).toBe('lon');
      expect(await mapping.locator('select[name="map-纬度"]').inputValue()).toBe('lat');
      expect(await mapping.locator('select[name="map-状态"]').inputValue()).toBe('status');
      expect(await mapping.locator('select[name="map-所属措施"]').inputValue()).toBe('measures');

      // Two new features, one row left out, its problem on line 4 (the header is line 1).
      const pv = panel.locator('[data-testid="import-preview"]');
      expect(await pv.getAttribute('data-created')).toBe('2');
      expect(await pv.getAttribute('data-updated')).toBe('0');
      expect(await pv.getAttribute('data-left-out')).toBe('1');
      const problemRow = panel.locator('[data-testid="import-problems"] tbody tr.is-error').first();
      expect(await problemRow.locator('td').first().textContent()).toBe('4');

      // The preview is on the map, above the features (the deck.gl layer the panel adds).
      const layerIds = () => app.page.evaluate(() => (window as unknown as { __sgmOverlay: { _props: { layers: { id: string }[] } } }).__sgmOverlay._props.layers.map((l) => l.id));
      expect(await layerIds()).toContain('import-preview');
      await pv.scrollIntoViewIfNeeded();
      await shot(app, 'import-preview-1440x900');

      // The problems as CSV: UTF-8 with BOM, the row and its message.
      const [download] = await Promise.all([app.page.waitForEvent('download'), panel.locator('[data-testid="import-problems-csv"]').click()]);
      const csv = readFileSync((await download.path())!, 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toMatch(/\r\n4,/);

      // Nothing written yet.
      expect(await named(tag)).toEqual([]);

      const changeSet = await apply(app, '浏览器测试：导入两处');
      expect(await layerIds()).not.toContain('import-preview');
      const stored = await named(tag);
      expect(stored.map((f) => f.properties.name).sort()).toEqual([`${tag}充电站`, `${tag}光伏车棚`].sort());
      const changes = await api(`/api/changes?feature=${stored[0].properties.id}`);
      expect(changes.change_sets[0]).toMatchObject({ id: changeSet, kind: 'import' });
      // In the page: the results for q= list both (the data was read again).
      for (const f of stored) await app.page.locator(`[data-feature-item="${f.properties.id}"]`).waitFor({ timeout: 30_000 });
      await shot(app, 'import-applied-1440x900');

      await panel.locator('[data-testid="import-revert"]').click();
      await panel.locator('[data-testid="import-reverted"]').waitFor({ timeout: 60_000 });
      expect(await named(tag)).toEqual([]);
      for (const f of stored) await app.page.locator(`[data-feature-item="${f.properties.id}"]`).waitFor({ state: 'detached', timeout: 30_000 });
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 180_000);

  it('an import is reverted from a feature’s history tab; the panel is keyboard-usable, on a phone too, with no WCAG A/AA finding', async () => {
    const tag = '导入测试乙';
    const app = await session.open('/', { viewport: VIEWPORTS.phone, waitForMap: false });
    try {
      await signIn(app);
      const panel = await preview(app, gbkCsv(tag));
      // Every control has a name (labels), so axe finds nothing on the panel with a preview.
      expect(await panelViolations(app)).toEqual([]);
      // Keyboard: from the file control, Tab reaches the layer and CRS selects in order.
      await panel.locator('input[type="file"]').focus();
      await app.page.keyboard.press('Tab');
      expect(await app.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('layer');
      await app.page.keyboard.press('Tab');
      expect(await app.page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('crs');
      await panel.locator('[data-testid="import-preview"]').scrollIntoViewIfNeeded();
      await shot(app, 'import-preview-390x844');
      await apply(app, '浏览器测试：从历史撤销');
      const [f] = await named(tag);
      expect(f).toBeDefined();

      await app.goto(`/?feature=${f.properties.id}`, false);
      await app.page.locator('[data-history-tab] summary').click();
      const revert = app.page.locator('[data-history] [data-testid="history-revert"]').first();
      await revert.waitFor({ timeout: 30_000 });
      await revert.focus();
      await app.page.keyboard.press('Enter');
      await app.page.locator('[data-testid="history-reverted"]').waitFor({ timeout: 60_000 });
      expect(await named(tag)).toEqual([]);
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 180_000);

  it('the mapping step: every column with samples, a column not guessed chosen, a status word mapped and applied on the server; no WCAG A/AA finding in zh and en', async () => {
    for (const lang of ['zh', 'en'] as const) {
      const tag = `导入映射${lang}`;
      const text = ['名称,经度,纬度,进展情况,所属措施', `${tag}甲,117.9712,28.4551,已完成,4`, `${tag}乙,117.9420,28.4630,竣工验收,4`, `${tag}丙,东经某处,28.45,已完成,4`].join('\r\n');
      const file = join(dir, `${tag}.csv`);
      writeFileSync(file, iconv.encode(text, 'gbk'));
      const app = await session.open(`/?lang=${lang}`, { waitForMap: false });
      try {
        await signIn(app);
        await app.page.locator('[data-testid="import-open"]').click();
        const panel = app.page.locator('[data-testid="import-panel"]');
        await panel.locator('select[name="layer"]').selectOption('scenic-areas');
        await panel.locator('input[type="file"]').setInputFiles(file);
        const pv = panel.locator('[data-testid="import-preview"]');
        await pv.waitFor({ timeout: 60_000 });
        // Every column is listed, the one not guessed too, with sample values.
        const mapping = panel.locator('[data-testid="import-mapping"]');
        const col = mapping.locator('label[data-column="进展情况"]');
        expect(await col.locator('select').inputValue()).toBe('');
        expect(await col.textContent()).toContain('竣工验收');
        expect(await panel.locator('[data-testid="import-values"]').count()).toBe(0);
        // Choose it as the status: the server reads 已完成, and lists 竣工验收 as not recognised.
        await col.locator('select').selectOption('status');
        const word = panel.locator('[data-testid="import-values"] label[data-word="竣工验收"]');
        await word.waitFor({ timeout: 60_000 });
        expect(await word.locator('select').inputValue()).toBe('unknown');
        expect(await panel.locator('[data-testid="import-values"] label[data-word="已完成"] select').inputValue()).toBe('completed');
        await panel.locator('input[name="default-status_date"]').fill('2025-06-30');
        await word.locator('select').selectOption('completed');
        await panel.locator('[data-testid="import-preview"][data-created="2"]').waitFor({ timeout: 60_000 });
        expect(await word.locator('select').inputValue()).toBe('completed');
        expect(await pv.getAttribute('data-left-out')).toBe('1');
        await panel.locator('[data-testid="import-problems"]').waitFor();
        // axe on the page with the mapping step open and the problems table shown.
        expect(await wcagViolations(app)).toEqual([]);
        await panel.locator('[data-testid="import-mapping"]').scrollIntoViewIfNeeded();
        await shot(app, `import-mapping-${lang}-1440x900`);
        await pv.scrollIntoViewIfNeeded();
        await shot(app, `import-problems-${lang}-1440x900`);
        await apply(app, `浏览器测试：状态取值 ${lang}`);
        const stored = (await api(`/api/layers/scenic-areas/features?q=${encodeURIComponent(tag)}`)).features as { properties: { name: string; status: string } }[];
        expect(stored.map((f) => [f.properties.name, f.properties.status]).sort()).toEqual([[`${tag}乙`, 'completed'], [`${tag}甲`, 'completed']]);
        expect(app.consoleErrors).toEqual([]);
      } finally {
        await app.close();
      }
    }
  }, 240_000);

  it('"More formats" downloads the server’s files for the filter: XLSX, GeoJSON and a zipped Shapefile in GCJ-02 (高德/百度), about 0.5 km from the WGS 84 positions', async () => {
    const app = await session.open('/?county=361130&layers=scenic-areas', { waitForMap: false });
    try {
      await app.page.locator('[data-export="more"] summary').click();
      await app.page.locator('[data-export="more"] input[value="gcj02"]').check();
      const download = async (format: string) => {
        const [d] = await Promise.all([app.page.waitForEvent('download'), app.page.locator(`[data-export-format="${format}"]`).click()]);
        return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
      };
      const xlsx = await download('xlsx');
      expect(xlsx.name).toMatch(/-gcj02\.xlsx$/);
      expect(xlsx.bytes.subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: an Excel workbook
      const gj = await download('geojson');
      expect(gj.name).toMatch(/-gcj02\.geojson$/);
      const gcj = JSON.parse(gj.bytes.toString('utf8')) as { features: { properties: { id: string }; geometry: { type: string; coordinates: number[] } }[] };
      const wgs = (await api('/api/layers/scenic-areas/features?county=361130')).features as { properties: { id: string }; geometry: { type: string; coordinates: number[] } }[];
      expect(gcj.features.map((f) => f.properties.id).sort()).toEqual(wgs.map((f) => f.properties.id).sort());
      const point = wgs.find((f) => f.geometry.type === 'Point')!;
      const moved = gcj.features.find((f) => f.properties.id === point.properties.id)!.geometry.coordinates;
      const k = Math.PI / 180;
      const metres = Math.hypot((moved[0] - point.geometry.coordinates[0]) * k * Math.cos(moved[1] * k), (moved[1] - point.geometry.coordinates[1]) * k) * 6371008.8;
      expect(metres).toBeGreaterThan(300);
      expect(metres).toBeLessThan(900);
      const shp = await download('shp');
      expect(shp.name).toMatch(/-gcj02\.shp\.zip$/);
      expect(shp.bytes.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(app.consoleErrors).toEqual([]);
    } finally {
      await app.close();
    }
  }, 120_000);
});

