import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bilingualName, createTranslator, interpolate, localLocationNote, makeT, MESSAGES } from '../../web/src/i18n';

describe('i18n', () => {
  it('has the same keys in Chinese and English, none empty', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.zh).sort());
    for (const table of [MESSAGES.zh, MESSAGES.en]) for (const v of Object.values(table)) expect(v.trim()).not.toBe('');
  });

  it('translates with variables', () => {
    expect(makeT('zh')('figures.total', { count: 3 })).toBe('共 3 项要素');
    expect(makeT('en')('figures.total', { count: 3 })).toBe('3 features');
  });

  it('leaves unknown placeholders visible', () => {
    expect(interpolate('{a} {b}', { a: 1 })).toBe('1 {b}');
  });

  it('works for a view’s own tables', () => {
    const t = createTranslator({ zh: { hi: '你好' }, en: { hi: 'Hello' } }, 'en');
    expect(t('hi')).toBe('Hello');
  });

  it('puts the UI language first in bilingual names', () => {
    const c = { name: '婺源县', name_en: 'Wuyuan County' };
    expect(bilingualName(c, 'zh')).toBe('婺源县 Wuyuan County');
    expect(bilingualName(c, 'en')).toBe('Wuyuan County 婺源县');
  });

  it('shows the location note in the UI language, the other where one is missing', () => {
    const p = { location_note: '大致位置：市中心以南。', location_note_en: 'Approximate: south of the city centre.' };
    expect(localLocationNote(p, 'zh')).toBe('大致位置：市中心以南。');
    expect(localLocationNote(p, 'en')).toBe('Approximate: south of the city centre.');
    expect(localLocationNote({ location_note: '大致位置：市中心以南。' }, 'en')).toBe('大致位置：市中心以南。');
    expect(localLocationNote({ location_note: ' ', location_note_en: 'Approximate.' }, 'zh')).toBe('Approximate.');
  });
});

describe('one translation table per language', () => {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
  const sources = walk('web/src').filter((f) => /\.tsx?$/.test(f) && !f.includes('/i18n/'));
  const code = sources.map((f) => readFileSync(f, 'utf8')).join('\n');
  /** Keys built at run time: t(`status.${s}`) and the like. */
  const dynamic = [...code.matchAll(/`([a-z]+(?:\.[a-zA-Z]+)*\.)\$\{/g)].map((m) => m[1]);

  it('has no other tables: no view makes its own translator', () => {
    expect(sources.filter((f) => /createTranslator\(/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('has no unused keys', () => {
    const unused = Object.keys(MESSAGES.zh).filter((k) => !code.includes(`'${k}'`) && !dynamic.some((p) => k.startsWith(p)));
    expect(unused).toEqual([]);
  });
});
