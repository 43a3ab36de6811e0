import { describe, expect, it } from 'vitest';
import { makeT } from '../../web/src/i18n';
import { changeWords } from '../../web/src/screen/SincePanel';

const cs = (id: string, changes: { op: string; feature?: string; target?: string }[]) =>
  ({ id, at: '2026-11-25T08:00:00Z', author: null, note: null, kind: 'edit', data_version: 'v', changes: changes.map((c) => ({ ...c, counties: [], measures: [], fields: [] })) }) as never;

describe('the screen: what changed since the briefing', () => {
  it('says the first change and how many more; a progress report by its target', () => {
    const t = makeT('en');
    expect(changeWords(cs('1', [{ op: 'update', feature: 'a' }, { op: 'update', feature: 'b' }]), t)).toBe('changed a +1');
    expect(changeWords(cs('2', [{ op: 'progress', target: 'm4-x' }]), t)).toBe('progress reported m4-x');
  });
});
