/**
 * axe-core in Chromium (issue 20): the WCAG 2.0/2.1/2.2 A and AA rule sets, plus the landmark
 * best practices a screen-reader user meets first, on the page as it is now — one readable line
 * per element (rule, impact, element, how to fix). The share dialog's preview frame is the embed,
 * checked as a page of its own.
 */
import AxeBuilder from '@axe-core/playwright';
import type { AppPage } from './driver';

export const LANDMARK_RULES = ['landmark-unique', 'region', 'landmark-no-duplicate-main', 'landmark-main-is-top-level', 'landmark-complementary-is-top-level'];
export const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export async function wcagViolations(app: Pick<AppPage, 'page'>): Promise<string[]> {
  const wcag = await new AxeBuilder({ page: app.page }).withTags(WCAG_AA).exclude('.sgm-share iframe').analyze();
  const landmarks = await new AxeBuilder({ page: app.page }).withRules(LANDMARK_RULES).exclude('.sgm-share iframe').analyze();
  return [...wcag.violations, ...landmarks.violations].flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary?.replace(/\s+/g, ' ')}`));
}

/**
 * Press Tab until the focused element matches the CSS `selector` (and, with `text`, says it) — at
 * most `max` presses; fails naming it.
 */
export async function tabTo(app: Pick<AppPage, 'page'>, selector: string, max = 80, text?: string): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await app.page.evaluate(([s, t]) => !!document.activeElement?.matches(s!) && (!t || !!document.activeElement.textContent?.includes(t)), [selector, text])) return;
    await app.page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}${text ? ` saying "${text}"` : ''} in ${max} presses`);
}
