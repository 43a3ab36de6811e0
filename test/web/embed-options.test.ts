import { describe, expect, it } from 'vitest';
import { EMBED_DEFAULTS, fullMapHref, parseEmbedOptions, parseEmbedUrl, serializeEmbedUrl } from '../../web/src/embed/options';

const LAYERS = ['green-parks', 'scenic-areas', 'bird-habitats'];

describe('embed options', () => {
  it('defaults: legend and zoom buttons on, scroll zoom off, light, offline basemap, no title', () => {
    expect(parseEmbedOptions(new URLSearchParams(''))).toEqual({ options: EMBED_DEFAULTS, problems: [] });
    expect(EMBED_DEFAULTS.scrollzoom).toBe(false);
  });

  it('reads every option', () => {
    const { options, problems } = parseEmbedOptions(new URLSearchParams('legend=0&controls=0&scrollzoom=1&title=婺源景区&theme=dark&basemap=osm'));
    expect(problems).toEqual([]);
    expect(options).toEqual({ legend: false, controls: false, scrollzoom: true, print: false, title: '婺源景区', theme: 'dark', basemap: 'osm' });
  });

  it('bad values keep the default and name the parameter and what is allowed', () => {
    const { options, problems } = parseEmbedOptions(new URLSearchParams('legend=yes&theme=pink&basemap=google'));
    expect(options.legend).toBe(true);
    expect(options.theme).toBe('light');
    expect(options.basemap).toBe('none');
    expect(problems.map((p) => p.parameter)).toEqual(['legend', 'theme', 'basemap']);
    expect(problems[0].message).toMatch(/0 .*1/);
    expect(problems[1].message).toContain('light, dark');
  });

  it('a long title is cut and reported; control characters are dropped', () => {
    const { options, problems } = parseEmbedOptions(new URLSearchParams({ title: 'x'.repeat(200) }));
    expect(options.title!.length).toBe(81);
    expect(problems[0].parameter).toBe('title');
    expect(parseEmbedOptions(new URLSearchParams({ title: 'a\u0007b' })).options.title).toBe('ab');
  });

  it('reads contract parameters with the options, without calling the options unknown', () => {
    const { state, options, problems } = parseEmbedUrl('?county=361121,361130&layers=scenic-areas&legend=0&foo=1', LAYERS);
    expect(state.filters).toEqual({ counties: ['361104', '361130'], layers: ['scenic-areas'] });
    expect(options.legend).toBe(false);
    expect(problems.map((p) => p.parameter)).toEqual(['foo']);
  });

  it('serialises only non-default options, after the page state', () => {
    const qs = serializeEmbedUrl({ filters: { counties: ['361130'] }, lang: 'en' }, { ...EMBED_DEFAULTS, theme: 'dark', legend: false });
    expect(qs).toBe('county=361130&lang=en&legend=0&theme=dark');
    const back = parseEmbedUrl(qs, LAYERS);
    expect(back.options.theme).toBe('dark');
    expect(back.state.filters.counties).toEqual(['361130']);
  });

  it('the full-map link keeps filters, selection and language but no embed options', () => {
    expect(fullMapHref('http://x.test', { filters: { counties: ['361130'], measures: [4] }, feature: 'scenic-huangling', lang: 'en' })).toBe(
      'http://x.test/?county=361130&measure=4&feature=scenic-huangling&lang=en',
    );
    expect(fullMapHref('http://x.test', { filters: {}, lang: 'zh' })).toBe('http://x.test/');
  });
});
