import { describe, expect, it } from 'vitest';
import { parseUrlState, serializeUrlState, toggleInList, toggleLayer } from '../../web/src/lib/urlState';

const layerIds = ['green-parks', 'scenic-areas', 'gas-pipelines'];

describe('parseUrlState', () => {
  it('reads filters, feature and lang', () => {
    const { state, problems } = parseUrlState('?county=361130&measure=4&feature=scenic-huangling&lang=en', { layerIds });
    expect(problems).toEqual([]);
    expect(state).toEqual({ filters: { counties: ['361130'], measures: [4] }, feature: 'scenic-huangling', lang: 'en' });
  });

  it('defaults to Chinese', () => {
    expect(parseUrlState('', { layerIds }).state.lang).toBe('zh');
  });

  it('drops unknown values and reports each', () => {
    const { state, problems } = parseUrlState('county=361130,999999&lang=fr&layers=nope&foo=1', { layerIds });
    expect(state.filters.counties).toEqual(['361130']);
    expect(state.lang).toBe('zh');
    expect(problems.map((p) => p.parameter).sort()).toEqual(['county', 'foo', 'lang', 'layers']);
  });

  it('accepts extra parameters a view reads itself', () => {
    expect(parseUrlState('tour=county', { layerIds, extraParams: ['tour'] }).problems).toEqual([]);
  });

  it('rejects a feature id with odd characters', () => {
    const { state, problems } = parseUrlState('feature=<script>', { layerIds });
    expect(state.feature).toBeUndefined();
    expect(problems[0].parameter).toBe('feature');
  });
});

describe('serializeUrlState', () => {
  it('round-trips and keeps commas readable', () => {
    const qs = serializeUrlState({ filters: { counties: ['361130', '361181'], measures: [4, 16] }, feature: 'x-1', lang: 'en' });
    expect(qs).toBe('county=361130,361181&measure=4,16&feature=x-1&lang=en');
    expect(parseUrlState(qs, { layerIds }).state.filters.measures).toEqual([4, 16]);
  });

  it('omits defaults', () => {
    expect(serializeUrlState({ filters: {}, lang: 'zh' })).toBe('');
  });
});

describe('list toggles', () => {
  it('toggleInList adds, removes and empties to undefined', () => {
    expect(toggleInList(undefined, 'a')).toEqual(['a']);
    expect(toggleInList(['a', 'b'], 'a')).toEqual(['b']);
    expect(toggleInList(['a'], 'a')).toBeUndefined();
  });

  it('toggleLayer hides one of all and returns to "all" when complete', () => {
    const hidden = toggleLayer(undefined, 'scenic-areas', layerIds);
    expect(hidden).toEqual(['green-parks', 'gas-pipelines']);
    expect(toggleLayer(hidden, 'scenic-areas', layerIds)).toBeUndefined();
  });
});
