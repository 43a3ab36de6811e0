import { describe, expect, it } from 'vitest';
import { makeT } from '../../web/src/i18n';
import { daysBefore, fieldLines, parseSince, valueText } from '../../web/src/lib/history';
import { reportedText } from '../../web/src/lib/figures';

const zh = makeT('zh');
const en = makeT('en');

describe('history in words', () => {
  it('says each field as before → after, statuses translated, absent as —, geometry not spelled out', () => {
    expect(
      fieldLines(
        [
          { field: 'status', before: 'planned', after: 'completed' },
          { field: 'status_evidence', before: null, after: { title: '2025年工作报告' } },
          { field: 'geometry', before: { type: 'Point', coordinates: [1, 2] }, after: { type: 'Point', coordinates: [2, 3] } },
          { field: 'measures', before: [4], after: [4, 16] },
        ],
        en,
      ),
    ).toEqual(['Status: Planned → Completed', 'Evidence (document title): — → 2025年工作报告', 'position or shape changed', 'Measures: 4 → 4、16']);
    expect(valueText('status', 'in_progress', zh)).not.toBe('in_progress');
  });

  it('takes since= only as a real date, and defaults to 30 days before now', () => {
    expect(parseSince('2026-10-01')).toBe('2026-10-01');
    expect(parseSince('2026-13-45')).toBeUndefined();
    expect(parseSince('yesterday')).toBeUndefined();
    expect(parseSince(null)).toBeUndefined();
    expect(daysBefore(new Date('2026-11-25T12:00:00Z'), 30)).toBe('2026-10-26');
  });

  it('puts a progress report into words with value, unit, as-of date and source', () => {
    const r = { value: 12, as_of: '2025-12-31', source: '统计公报', reported_at: '2026-01-05T00:00:00Z', change_set: '3' };
    expect(reportedText(r, '家', zh)).toBe('已报告进展：12 家（截至 2025-12-31；来源：统计公报）');
    expect(reportedText(r, '%', en)).toBe('reported: 12% (as of 2025-12-31; source: 统计公报)');
  });
});
