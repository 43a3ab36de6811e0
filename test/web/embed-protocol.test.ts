import { describe, expect, it } from 'vitest';
import {
  applyFilterPatch,
  errorMessage,
  isAllowedOrigin,
  parentOrigin,
  parseInbound,
  selectedFeature,
  readyMessage,
  selectMessage,
  targetOrigin,
} from '../../web/src/embed/protocol';
import { feature } from './factories';

const LAYERS = ['green-parks', 'scenic-areas'];

describe('inbound messages', () => {
  it('ignores what is not ours', () => {
    for (const d of [null, 'setFilter', 42, [], {}, { type: 'webpackOk' }, { type: 'select' }]) expect(parseInbound(d, LAYERS)).toEqual({ kind: 'ignore' });
  });

  it('setFilter accepts strings, arrays and null, normalising like the URL', () => {
    const r = parseInbound({ type: 'setFilter', county: ['361121', '361130'], measure: '4,16', layers: null, status: ['planned'] }, LAYERS);
    expect(r).toEqual({ kind: 'setFilter', patch: { counties: ['361104', '361130'], measures: [4, 16], layers: undefined, statuses: ['planned'] } });
    expect(parseInbound({ type: 'setFilter', measure: [4] }, LAYERS)).toEqual({ kind: 'setFilter', patch: { measures: [4] } });
  });

  it('setFilter with any bad value is an error naming the field and what is allowed, and applies nothing', () => {
    const bad = parseInbound({ type: 'setFilter', county: '361130', measure: '99' }, LAYERS);
    expect(bad.kind).toBe('error');
    expect(bad.kind === 'error' && bad.message).toMatch(/measure.*1 to 23/);
    const unknownLayer = parseInbound({ type: 'setFilter', layers: ['roads'] }, LAYERS);
    expect(unknownLayer.kind === 'error' && unknownLayer.message).toContain('green-parks, scenic-areas');
    const field = parseInbound({ type: 'setFilter', counties: '361130' }, LAYERS);
    expect(field.kind === 'error' && field.message).toMatch(/unknown field "counties".*county, measure, layers, status/);
    const shape = parseInbound({ type: 'setFilter', county: { a: 1 } }, LAYERS);
    expect(shape.kind === 'error' && shape.message).toContain('setFilter.county must be');
  });

  it('selectFeature takes an id or null', () => {
    expect(parseInbound({ type: 'selectFeature', id: 'scenic-huangling' }, LAYERS)).toEqual({ kind: 'selectFeature', id: 'scenic-huangling' });
    expect(parseInbound({ type: 'selectFeature', id: null }, LAYERS)).toEqual({ kind: 'selectFeature', id: null });
    expect(parseInbound({ type: 'selectFeature', id: '<img>' }, LAYERS).kind).toBe('error');
    expect(parseInbound({ type: 'selectFeature' }, LAYERS).kind).toBe('error');
  });

  it('a patch replaces given fields, clears nulls and keeps the rest', () => {
    expect(applyFilterPatch({ counties: ['361102'], measures: [2], q: '园' }, { counties: ['361130'], measures: undefined })).toEqual({ counties: ['361130'], q: '园' });
  });
});

describe('origins', () => {
  it('no configured origins: anyone may talk to the public embed', () => {
    expect(isAllowedOrigin('https://news.example', [])).toBe(true);
  });

  it('configured origins: exact origins and subdomain wildcards only', () => {
    const list = ['https://news.example', 'https://*.zgsr.gov.cn'];
    expect(isAllowedOrigin('https://news.example', list)).toBe(true);
    expect(isAllowedOrigin('https://news.example:8443', list)).toBe(false);
    expect(isAllowedOrigin('http://news.example', list)).toBe(false);
    expect(isAllowedOrigin('https://fgw.zgsr.gov.cn', list)).toBe(true);
    expect(isAllowedOrigin('https://zgsr.gov.cn.evil.example', list)).toBe(false);
    expect(isAllowedOrigin('null', list)).toBe(false);
    expect(isAllowedOrigin(undefined, list)).toBe(false);
    expect(isAllowedOrigin('https://map.test', ["'self'"], 'https://map.test/embed')).toBe(true);
  });

  it('parent origin comes from ancestorOrigins, else the referrer', () => {
    expect(parentOrigin(['https://a.example'], 'https://b.example/page')).toBe('https://a.example');
    expect(parentOrigin(undefined, 'https://b.example/page?x=1')).toBe('https://b.example');
    expect(parentOrigin([], '')).toBeUndefined();
  });

  it('never posts to * when origins are configured', () => {
    expect(targetOrigin([], 'https://a.example')).toBe('https://a.example');
    expect(targetOrigin([], undefined)).toBe('*');
    expect(targetOrigin(['https://a.example', 'https://b.example'], 'https://b.example')).toBe('https://b.example');
    expect(targetOrigin(['https://a.example', 'https://b.example'], 'https://evil.example')).toBeNull();
    expect(targetOrigin(['https://a.example', 'https://b.example'], undefined)).toBeNull();
    expect(targetOrigin(['https://a.example/'], undefined)).toBe('https://a.example');
    expect(targetOrigin(['https://*.a.example'], undefined)).toBeNull();
  });
});

describe('outbound messages', () => {
  it('select carries an allow-listed copy of public fields only', () => {
    const f = feature({ zone: 'sanqingshan' });
    (f.properties as unknown as Record<string, unknown>).internal_note = 'secret';
    const sel = selectedFeature(f, 'http://x.test/?feature=scenic-huangling');
    expect(sel).not.toHaveProperty('internal_note');
    expect(sel).toMatchObject({ id: 'scenic-huangling', name: '篁岭', layer: 'scenic-areas', counties: ['361130'], zone: 'sanqingshan', location_note: 'test', location_note_en: 'test (en)' });
    expect(JSON.stringify(selectMessage(sel))).not.toContain('secret');
  });

  it('every message names its source and version', () => {
    expect(readyMessage({ counties: ['361130'] }, 3)).toEqual({
      type: 'ready',
      filter: { county: ['361130'], measure: null, layers: null, status: null },
      matched: 3,
      source: 'shangrao-green-map',
      version: 1,
    });
    expect(errorMessage('bad', 'setFilter')).toMatchObject({ type: 'error', request: 'setFilter', message: 'bad' });
  });
});
