import { describe, expect, it } from 'vitest';
import { conflictRows, fieldLabel, fieldValue, propertyChanges } from '../../web/src/edit/diff';
import { deletedFeatures } from '../../web/src/edit/deleted';
import { parseValue, progressInput } from '../../web/src/edit/progress';
import { namesSpec, notesSpec, planSpec, precisionSpec, statusSpec } from '../../web/src/edit/specs';
import { makeT } from '../../web/src/i18n';

const zh = makeT('zh');
const en = makeT('en');
const props = {
  id: 'scenic-x',
  name: '三清山',
  name_en: 'Sanqingshan',
  status: 'planned',
  status_date: '2024-01-01',
  status_evidence: { title: '旧文件' },
  measures: [16, 4],
  clause: '（四）',
  precision: 'approximate',
  location_note: '大致位置',
  location_note_en: 'Approximate',
};
const measures = [4, 16].map((id) => ({ id, title: `措施${id}`, title_en: `Measure ${id}` })) as never;

describe('editing forms as data', () => {
  it('status: starts from the current status with today and no evidence; the patch carries date and evidence (with a link only when given)', () => {
    const spec = statusSpec(en, new Date('2026-11-26T10:00:00Z'));
    const d = spec.draft(props);
    expect(d).toEqual({ status: 'planned', status_date: '2026-11-26', evidence: '', evidence_url: '' });
    expect(spec.patch({ ...d, status: 'completed', evidence: ' 验收报告 ' })).toEqual({ status: 'completed', status_date: '2026-11-26', status_evidence: { title: '验收报告' } });
    expect(spec.patch({ ...d, evidence: 'A', evidence_url: 'https://example.org/a' }).status_evidence).toEqual({ title: 'A', url: 'https://example.org/a' });
  });

  it('names, notes and precision: the form holds the current values and an unchanged form changes nothing', () => {
    for (const spec of [namesSpec(zh), notesSpec(zh), precisionSpec(zh)]) expect(propertyChanges(props, spec.patch(spec.draft(props)))).toEqual([]);
    const names = namesSpec(zh);
    expect(propertyChanges(props, names.patch({ ...names.draft(props), name_en: ' Mount Sanqing ' }))).toEqual([{ field: 'name_en', before: 'Sanqingshan', after: 'Mount Sanqing' }]);
    const prec = precisionSpec(zh);
    expect(prec.patch({ precision: 'surveyed' })).toEqual({ precision: 'surveyed' });
    expect(prec.fields[0].options?.map((o) => o.value)).toEqual(['surveyed', 'approximate', 'schematic']);
  });

  it('measures and clause: checked measures become sorted numbers; 23 clauses to choose from', () => {
    const spec = planSpec(en, measures, 'en');
    expect(spec.draft(props)).toEqual({ measures: ['16', '4'], clause: '（四）' });
    expect(spec.patch({ measures: ['16', '4', '13'], clause: '（十三）' })).toEqual({ measures: [4, 13, 16], clause: '（十三）' });
    expect(propertyChanges(props, spec.patch(spec.draft(props)))).toEqual([{ field: 'measures', before: [16, 4], after: [4, 16] }]);
    expect(spec.fields[1].options).toHaveLength(23);
    expect(spec.fields[1].options?.[22].value).toBe('（二十三）');
    expect(spec.fields[0].options?.[0].label).toBe('（四） Measure 4');
  });

  it('a conflict lists each field of my patch as they left it and as I would set it', () => {
    const theirs = { ...props, status: 'completed', status_evidence: { title: '验收报告 A' } };
    expect(conflictRows(theirs, { status: 'in_progress', status_evidence: { title: 'B' }, status_date: '2025-07-01' })).toEqual([
      { field: 'status', theirs: 'completed', mine: 'in_progress' },
      { field: 'status_evidence', theirs: { title: '验收报告 A' }, mine: { title: 'B' } },
      { field: 'status_date', theirs: '2024-01-01', mine: '2025-07-01' },
    ]);
  });

  it('says fields and values in the page language', () => {
    expect(fieldLabel('status_date', zh)).toBe('生效日期');
    expect(fieldLabel('name_en', en)).toBe('English name');
    expect(fieldLabel('internal_note', en)).toBe('Internal note');
    expect(fieldLabel('zone', en)).toBe('zone'); // a field without a label: its name
    expect(fieldValue('status', 'in_progress', en)).toBe('In progress');
    expect(fieldValue('precision', 'schematic', zh)).toBe('示意');
    expect(fieldValue('status_evidence', { title: 'A', url: 'https://e.org' }, en)).toBe('A (https://e.org)');
    expect(fieldValue('measures', [4, 16], en)).toBe('4、16');
    expect(fieldValue('name', '', en)).toBe('—');
  });
});

describe('deleted features from the history', () => {
  const cs = (id: string, changes: { op: string; feature: string; name?: string }[], note: string | null = null) => ({
    id,
    at: `2026-11-2${id}T08:00:00Z`,
    author: { username: 'li' },
    note,
    kind: 'edit' as const,
    data_version: `v+${id}`,
    changes: changes.map((c) => ({ op: c.op as never, feature: c.feature, layer: 'places', counties: [], measures: [], fields: c.name ? [{ field: 'name', before: c.name, after: null }, { field: 'name_en', before: 'EN', after: null }] : [] })),
  });

  it('lists a feature whose newest change is a delete, with name, when, who and why; a restored one is not listed', () => {
    const newestFirst = [
      cs('5', [{ op: 'restore', feature: 'b' }]),
      cs('4', [{ op: 'delete', feature: 'a', name: '甲' }], '重复'),
      cs('3', [{ op: 'delete', feature: 'b', name: '乙' }]),
      cs('2', [{ op: 'update', feature: 'c' }]),
      cs('1', [{ op: 'delete', feature: 'c', name: '丙' }]),
    ];
    expect(deletedFeatures(newestFirst as never)).toEqual([{ id: 'a', layer: 'places', name: '甲', name_en: 'EN', at: '2026-11-24T08:00:00Z', author: 'li', note: '重复' }]);
  });

  it('without a recorded name, names the feature by its id; an anonymous history has no author', () => {
    const [d] = deletedFeatures([{ ...cs('1', [{ op: 'delete', feature: 'x-1' }]), author: null }] as never);
    expect(d).toMatchObject({ id: 'x-1', name: 'x-1', author: null });
  });
});

describe('a progress report from the form', () => {
  const draft = { value: '12', as_of: '2025-12-31', source: ' 统计公报 ', note: '' };
  it('reads numbers as people type them and refuses the rest', () => {
    expect(parseValue('12')).toBe(12);
    expect(parseValue(' 3.5 ')).toBe(3.5);
    expect(parseValue('1,200')).toBe(1200);
    expect(parseValue('１２')).toBe(12);
    for (const bad of ['', 'abc', '12个', '1.2.3', '--1']) expect(parseValue(bad), bad).toBeNull();
  });
  it('makes the request body, trimmed, without an empty note; incomplete forms make none', () => {
    expect(progressInput('m4-five-a', draft)).toEqual({ ok: true, report: { target: 'm4-five-a', value: 12, as_of: '2025-12-31', source: '统计公报' } });
    expect(progressInput('m4-five-a', { ...draft, note: ' 现场 ' })).toMatchObject({ report: { note: '现场' } });
    expect(progressInput('m4-five-a', { ...draft, source: ' ' }).ok).toBe(false);
    expect(progressInput('m4-five-a', { ...draft, as_of: '' }).ok).toBe(false);
    expect(progressInput('m4-five-a', { ...draft, value: 'x' }).ok).toBe(false);
  });
});
