/**
 * Zoom to 200 % without loss (WCAG 2.2 1.4.4, and reflow 1.4.10): a 1440×900 screen zoomed to
 * 200 % is a 720×450 CSS-pixel viewport at device scale 2, which is what Chromium's zoom gives the
 * page. Each view must then need no sideways scrolling, keep its controls on screen and reachable,
 * cut no text, and pass the same WCAG A/AA rules. 400 % (320 CSS px, 1.4.10's reflow width) is
 * checked for the planner too.
 */
import { describe, expect, inject, it } from 'vitest';
import { wcagViolations } from './axe';
import type { AppPage } from './driver';
import { sessionPerFile } from './session';

const browser = sessionPerFile(inject('baseUrl'));

/** What is lost at this zoom: sideways scrolling, controls off screen, text cut by its box. */
async function losses(app: AppPage): Promise<string[]> {
  return app.page.evaluate(() => {
    const out: string[] = [];
    const vw = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > vw + 1) out.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} px wide in a ${vw} px viewport`);
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.getAttribute('data-testid') ? `[data-testid=${el.getAttribute('data-testid')}]` : ''} "${(el.textContent ?? el.getAttribute('aria-label') ?? '').trim().slice(0, 30)}"`;
    const shown = (el: Element) => {
      const s = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      // Visually hidden for screen readers only (clipped to 1 px): not lost, read aloud.
      const srOnly = (s.clip !== 'auto' && s.clip !== '') || s.clipPath !== 'none' || (r.width <= 1 && r.height <= 1);
      return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 0 && r.height > 0 && !srOnly;
    };
    for (const el of document.querySelectorAll('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])')) {
      if (!shown(el) || el.closest('[aria-hidden="true"], .maplibregl-ctrl-attrib-inner')) continue;
      let r = el.getBoundingClientRect();
      // Off the page sideways (a scrolling panel may hold it lower down; that is allowed). A skip
      // link waits off screen until it has focus: measured again with focus.
      if (r.right < 1 || r.left > vw - 1) {
        (el as HTMLElement).focus();
        r = el.getBoundingClientRect();
        (el as HTMLElement).blur();
      }
      if (r.right < 1 || r.left > vw - 1) out.push(`control off screen: ${name(el)} at x ${Math.round(r.left)}`);
    }
    // Text cut by its own box: a text element that overflows a box hiding its overflow, with no ellipsis offering the whole text elsewhere (a title attribute).
    for (const el of document.querySelectorAll('body *')) {
      if (!shown(el) || el.children.length > 0 || !(el.textContent ?? '').trim()) continue;
      const s = getComputedStyle(el);
      const hides = s.overflowX === 'hidden' || s.overflowX === 'clip';
      if (hides && el.scrollWidth > el.clientWidth + 1 && s.textOverflow !== 'ellipsis') out.push(`text cut: ${name(el)}`);
      if (hides && s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1 && !el.getAttribute('title') && !el.closest('[title]')) out.push(`text cut with an ellipsis and no title: ${name(el)}`);
    }
    return out;
  });
}

const ZOOM_200 = { viewport: { width: 720, height: 450 }, deviceScaleFactor: 2 };
const ZOOM_400 = { viewport: { width: 360, height: 225 }, deviceScaleFactor: 4 };

const CASES: { name: string; path: string; zoom: typeof ZOOM_200; waitForMap?: boolean; then?: (app: AppPage) => Promise<void> }[] = [
  { name: 'planner, zh, 200 %', path: '/', zoom: ZOOM_200 },
  { name: 'planner, en, a feature open, 200 %', path: '/?lang=en&feature=scenic-sanqingshan', zoom: ZOOM_200 },
  { name: 'planner, 400 % (reflow at 360 CSS px)', path: '/?county=361130', zoom: ZOOM_400 },
  { name: 'embed, zh, 200 %', path: '/embed?legend=1', zoom: ZOOM_200 },
  { name: 'embed, en, a feature open, 200 %', path: '/embed?lang=en&feature=scenic-sanqingshan', zoom: ZOOM_200 },
  { name: 'admin sign-in, 200 %', path: '/admin', zoom: ZOOM_200, waitForMap: false, then: (app) => app.page.getByTestId('signin-form').waitFor() },
];

describe('zoom to 200 % (and 400 %) without loss', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const app = await browser().open(c.path, { ...c.zoom, waitForMap: c.waitForMap });
      try {
        await c.then?.(app);
        await app.screenshot(`zoom-${c.name.replace(/[^a-z0-9]+/gi, '-')}`);
        expect((await losses(app)).join('\n')).toBe('');
        expect((await wcagViolations(app)).join('\n')).toBe('');
      } finally {
        await app.close();
      }
    }, 120_000);

  it('the check finds a loss when there is one (a control pushed off screen)', async () => {
    const app = await browser().open('/', ZOOM_200);
    try {
      await app.page.evaluate(() => {
        const b = document.createElement('button');
        b.textContent = 'lost';
        b.style.cssText = 'position:absolute;left:2000px;top:10px';
        document.body.append(b);
      });
      expect((await losses(app)).join('\n')).toMatch(/page scrolls sideways|control off screen/);
    } finally {
      await app.close();
    }
  }, 120_000);
});
