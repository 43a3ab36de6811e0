/**
 * Briefing sheets (issue 19, /print): printed to PDF with Chromium (page.pdf), read back with
 * poppler-utils (pdftotext -layout, pdfinfo, pdfimages -list, pdffonts): the figures on the sheet
 * are those of /api/stats for the same filter and day, the map is an image, fonts are embedded, a
 * county sheet is one or two A4 pages, a booklet of the 12 counties has a contents page whose page
 * numbers are where each county's sheet starts. axe (WCAG 2.2 A/AA) on /print in Chinese and
 * English at desktop and phone sizes; the planner's print link by keyboard. PDFs and screenshots go
 * to test/artifacts/print/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { StatsResponse } from '../../core/api';
import { ARTIFACTS, launch, VIEWPORTS, type AppPage, type Session } from './driver';
import { tabTo, wcagViolations } from './axe';

let session: Session;
const baseUrl = inject('baseUrl');
const OUT = resolve(ARTIFACTS, 'print');

/** A poppler-utils tool, or a failure naming the Debian package. */
function tool(name: 'pdftotext' | 'pdfinfo' | 'pdfimages' | 'pdffonts'): string {
  const path = `/usr/bin/${name}`;
  if (!existsSync(path)) throw new Error(`${name} is missing at ${path}: install poppler-utils (apt-get install poppler-utils) to run the print tests.`);
  return path;
}
const run = (name: Parameters<typeof tool>[0], args: string[]) => execFileSync(tool(name), args, { encoding: 'utf8' });
const pdfText = (file: string, page?: number) => run('pdftotext', ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-']);
const pdfPages = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(run('pdfinfo', [file]))![1]);
const pdfSize = (file: string) => {
  const m = /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(run('pdfinfo', [file]))!;
  return { width: Number(m[1]), height: Number(m[2]) };
};

const stats = async (query: string): Promise<StatsResponse> => (await fetch(new URL(`/api/stats${query}`, baseUrl))).json() as Promise<StatsResponse>;

async function openPrint(path: string, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<AppPage> {
  const app = await session.open(path, { waitForMap: false, viewport });
  await app.page.waitForSelector('[data-print-ready="true"]', { timeout: 150_000 });
  return app;
}

async function printPdf(app: AppPage, name: string, landscape = false): Promise<string> {
  const file = resolve(OUT, `${name}.pdf`);
  await app.page.pdf({ path: file, format: 'A4', landscape, printBackground: true });
  return file;
}

beforeAll(async () => {
  for (const t of ['pdftotext', 'pdfinfo', 'pdfimages', 'pdffonts'] as const) tool(t);
  session = await launch(baseUrl);
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await session?.close();
});

/** The numbers after a row's first cell in pdftotext -layout output (e.g. the "合计" row). */
function rowNumbers(text: string, label: string): number[] | undefined {
  const line = text.split('\n').find((l) => new RegExp(`^\\s*${label}\\s+\\d`).test(l));
  return line?.slice(line.indexOf(label) + label.length).trim().split(/\s+/).filter((x) => /^\d+$/.test(x)).map(Number);
}

describe('/print: one county sheet', () => {
  const ASOF = '2026-06-30';
  const QUERY = `county=361130&measure=13&asof=${ASOF}`;

  it('prints on one or two A4 pages the figures of /api/stats for the same filter and day, the map as an image, fonts embedded', async () => {
    const app = await openPrint(`/print?${QUERY}`);
    try {
      const file = await printPdf(app, 'county-361130-measure-13');
      const expected = await stats(`?${QUERY}`);
      const pages = pdfPages(file);
      expect(pages).toBeGreaterThanOrEqual(1);
      expect(pages).toBeLessThanOrEqual(2);
      const size = pdfSize(file);
      expect(size.height).toBeGreaterThan(size.width); // portrait
      const text = pdfText(file);
      expect(text).toContain('上饶市绿色低碳循环发展简报 · 婺源县');
      expect(text).toContain(`数据截至 ${ASOF} 日终`);
      if (expected.asof?.before_history) expect(text).toContain('早于变更记录的开始');
      // The total row: count, then planned, in progress, completed, unknown — exactly /api/stats.
      const s = expected.by_status;
      expect(rowNumbers(text, '合计')).toEqual([expected.totals.features, s.planned, s.in_progress, s.completed, s.unknown]);
      const pipes = expected.layers.find((l) => l.id === 'gas-pipelines')!;
      expect(pipes.count).toBeGreaterThan(0);
      expect(rowNumbers(text, '天然气管道')).toEqual([pipes.count, pipes.by_status.planned, pipes.by_status.in_progress, pipes.by_status.completed, pipes.by_status.unknown]);
      // The target of measure 13 with its standing from /api/stats, in words.
      const tp = expected.measures.find((m) => m.id === 13)!.targets[0];
      expect(text).toContain(tp.target.what);
      const standingWords = { met: '已达标', missed: '未达标', not_reported: '未报告进展', open: '未到', no_deadline: '方案未定年限' }[tp.standing!];
      expect(text).toContain(standingWords);
      expect(text).toMatch(/以来的变更/);
      expect(text).toContain('关于加快建立健全绿色低碳循环发展经济体系的实施方案');
      expect(text).toMatch(new RegExp(`第\\s*1\\s*页\\s*/\\s*共\\s*${pages}\\s*页`)); // pdftotext may drop the thin spaces
      // The map is an image in the PDF.
      const images = run('pdfimages', ['-list', file]).split('\n').slice(2).filter((l) => l.trim());
      expect(images.length).toBeGreaterThanOrEqual(1);
      expect(Number(images[0].trim().split(/\s+/)[3])).toBeGreaterThanOrEqual(800); // width in pixels
      // Every font embedded (Chromium embeds the system's Noto CJK).
      const fonts = run('pdffonts', [file]).split('\n').slice(2).filter((l) => l.trim());
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) expect(f, f).toMatch(/\s+yes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/);
      expect(app.consoleErrors).toEqual([]);
      await app.page.screenshot({ path: resolve(OUT, 'print-county-1440x900.png') });
    } finally {
      await app.close();
    }
  });

  it('in English and landscape, says which parameter it ignored', async () => {
    const app = await openPrint('/print?county=361130&lang=en&orient=landscape&colour=red');
    try {
      const file = await printPdf(app, 'county-361130-en-landscape', true);
      const size = pdfSize(file);
      expect(size.width).toBeGreaterThan(size.height);
      const text = pdfText(file);
      expect(text).toContain('Shangrao green, low-carbon, circular development briefing · Wuyuan County');
      expect(text).toContain('Parameters not understood, ignored: colour=red');
      const expected = await stats('?county=361130');
      const s = expected.by_status;
      expect(rowNumbers(text, 'Total')).toEqual([expected.totals.features, s.planned, s.in_progress, s.completed, s.unknown]);
      expect(pdfPages(file)).toBeLessThanOrEqual(2);
    } finally {
      await app.close();
    }
  });
});

describe('/print?each=county: the booklet', () => {
  it('has a cover, a contents page with the page each county starts on, and numbered pages', { timeout: 240_000 }, async () => {
    const app = await openPrint('/print?each=county');
    try {
      const file = await printPdf(app, 'booklet-county');
      const pages = pdfPages(file);
      const contents = pdfText(file, 2);
      expect(contents).toContain('目录');
      const counties = (await (await fetch(new URL('/api/counties', baseUrl))).json()) as { features: { properties: { code: string; name: string } }[] };
      expect(counties.features).toHaveLength(12);
      for (const c of counties.features) {
        const m = new RegExp(`${c.properties.name}\\s+(\\d+)`).exec(contents);
        expect(m, `${c.properties.name} in the contents`).not.toBeNull();
        const start = Number(m![1]);
        expect(start).toBeGreaterThan(2);
        const page = pdfText(file, start);
        expect(page).toContain(`上饶市绿色低碳循环发展简报 · ${c.properties.name}`);
        expect(page).toMatch(new RegExp(`第\\s*${start}\\s*页\\s*/\\s*共\\s*${pages}\\s*页`));
      }
      expect(pdfText(file, 1)).toContain('分县（市、区）汇编');
    } finally {
      await app.close();
    }
  });
});

describe('/print accessibility', () => {
  for (const lang of ['zh', 'en'] as const) {
    it(`has no WCAG 2.2 A/AA violation in ${lang} at 1440×900 and 390×844`, async () => {
      const app = await openPrint(`/print?county=361130&measure=13${lang === 'en' ? '&lang=en' : ''}`);
      try {
        expect(await wcagViolations(app)).toEqual([]);
        await app.page.setViewportSize(VIEWPORTS.phone);
        expect(await wcagViolations(app)).toEqual([]);
        await app.page.screenshot({ path: resolve(OUT, `print-${lang}-390x844.png`) });
        // The print button is there and named; it is hidden in print.
        await expect.poll(() => app.page.locator('[data-testid="print-now"]').isEnabled()).toBe(true);
      } finally {
        await app.close();
      }
    });
  }
});

describe('print buttons', () => {
  it('from the planner: Tab to 打印 / PDF, Enter → /print with the same parameters in a new tab', async () => {
    const app = await session.open('/?county=361130&measure=13&lang=en', { waitForMap: false });
    try {
      await app.page.waitForSelector('[data-testid="print-link"]', { timeout: 60_000 });
      await app.page.screenshot({ path: resolve(OUT, 'planner-print-button-1440x900.png') });
      await tabTo(app, '[data-testid="print-link"]', 80);
      const [popup] = await Promise.all([app.context.waitForEvent('page'), app.page.keyboard.press('Enter')]);
      await popup.waitForLoadState();
      const url = new URL(popup.url());
      expect(url.pathname).toBe('/print');
      expect(Object.fromEntries(url.searchParams)).toEqual({ county: '361130', measure: '13', lang: 'en' });
      await popup.waitForSelector('[data-print-ready="true"]', { timeout: 150_000 });
      expect(await popup.locator('h1').first().textContent()).toContain('Wuyuan County');
    } finally {
      await app.close();
    }
  });

  it('on the screen (with its filter and since), and on the embed only with print=1', async () => {
    const screen = await session.open('/screen?county=361130&tour=off&since=2026-01-01', { waitForMap: false, viewport: VIEWPORTS.wide });
    try {
      const link = screen.page.locator('[data-testid="print-link"]');
      await link.waitFor({ timeout: 60_000 });
      expect(await link.getAttribute('href')).toBe('/print?county=361130&since=2026-01-01');
      expect(await link.getAttribute('target')).toBe('_blank');
      // Visible on the wall display, inside the window (not pushed off by the attributions).
      const box = (await link.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(VIEWPORTS.wide.width);
      expect(box.y + box.height).toBeLessThanOrEqual(VIEWPORTS.wide.height);
      await screen.page.screenshot({ path: resolve(OUT, 'screen-print-link-1920x1080.png') });
    } finally {
      await screen.close();
    }
    const embed = await session.open('/embed?county=361130', { waitForMap: false });
    try {
      await embed.page.waitForSelector('[data-testid="open-full"]', { timeout: 60_000 });
      expect(await embed.page.locator('[data-testid="print-link"]').count()).toBe(0);
      await embed.goto('/embed?county=361130&print=1', false);
      const link = embed.page.locator('[data-testid="print-link"]');
      await link.waitFor({ timeout: 60_000 });
      expect(await link.getAttribute('href')).toBe(`${embed.origin}/print?county=361130`);
    } finally {
      await embed.close();
    }
  });
});
