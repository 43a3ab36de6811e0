/** The /admin page's pure helpers (web/src/admin/format.ts). */
import { describe, expect, it } from 'vitest';
import { Problem } from '../../web/src/admin/api';
import { countiesText, langOf, problemText, timeText } from '../../web/src/admin/format';
import { makeT } from '../../web/src/i18n';

const zh = makeT('zh');
const en = makeT('en');

describe('admin page helpers', () => {
  it('names counties in the page language; none = all counties', () => {
    expect(countiesText(['361130', '361181'], 'zh', zh)).toBe('婺源县、德兴市');
    expect(countiesText(['361130'], 'en', en)).toBe('Wuyuan County');
    expect(countiesText(null, 'zh', zh)).toBe('全市');
    expect(countiesText([], 'en', en)).toBe('All counties');
    expect(countiesText(['999999'], 'en', en)).toBe('999999');
  });

  it('shows a time as local date and minutes, and "not known" for none', () => {
    expect(timeText('2026-11-26T09:05:00', zh)).toBe('2026-11-26 09:05');
    expect(timeText(null, zh)).toBe('未知');
    expect(timeText('garbage', en)).toBe('Not known');
  });

  it('reports a refused request with the field in the page language and the server\'s words', () => {
    const e = new Problem(422, 'invalid_value', 'Unknown county code "999999"; allowed: 361102, …', 'counties');
    expect(problemText(e, zh)).toBe('县（市、区）：Unknown county code "999999"; allowed: 361102, …');
    expect(problemText(new Problem(409, 'conflict', 'An account "li" exists already.', 'username'), en)).toBe('User name: An account "li" exists already.');
    expect(problemText(new Problem(403, 'forbidden', 'needs the admin role'), en)).toBe('Failed: needs the admin role');
    expect(problemText(new Problem(429, 'too_many_requests', 'slow down', undefined, 17), zh)).toBe('操作过于频繁，请在 17 秒后重试。');
    expect(problemText(new Error('offline'), en)).toBe('Failed: offline');
  });

  it('reads the language from the address', () => {
    expect(langOf('?lang=en')).toBe('en');
    expect(langOf('?lang=fr')).toBe('zh');
    expect(langOf('')).toBe('zh');
  });
});
