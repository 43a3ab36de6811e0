import { describe, expect, it } from 'vitest';
import { embedUrl, escapeAttr, iframeSnippet, parseSize, shareLink } from '../../web/src/share/snippet';
import { parseEmbedUrl } from '../../web/src/embed/options';

const LAYERS = ['green-parks', 'scenic-areas'];
const base = { origin: 'https://map.test', layerIds: LAYERS, lang: 'zh' as const };

describe('share link', () => {
  it('keeps contract parameters, normalised, and drops anything else', () => {
    expect(shareLink('https://map.test', '?county=361121&measure=4&junk=1&lang=zh', LAYERS)).toBe('https://map.test/?county=361104&measure=4');
    expect(shareLink('https://map.test', '', LAYERS)).toBe('https://map.test/');
  });
});

describe('sizes', () => {
  it('reads pixels and percent widths', () => {
    expect(parseSize('600', 'width')).toEqual({ value: 600, unit: 'px' });
    expect(parseSize(' 100% ', 'width')).toEqual({ value: 100, unit: '%' });
    expect(parseSize('450px', 'height')).toEqual({ value: 450, unit: 'px' });
  });
  it('rejects what is out of range or not a size, saying what is allowed', () => {
    expect(parseSize('50%', 'height')).toMatch(/200–2000 px/);
    expect(parseSize('100', 'width')).toMatch(/out of range.*240–2400 px/);
    expect(parseSize('wide', 'width')).toMatch(/not a size/);
  });
});

describe('iframe snippet', () => {
  it('points at /embed with the filters and chosen options, which /embed reads back', () => {
    const url = embedUrl({ ...base, search: '?county=361130&layers=scenic-areas&feature=scenic-huangling', options: { legend: false, theme: 'dark', scrollzoom: true } });
    expect(url).toBe('https://map.test/embed?layers=scenic-areas&county=361130&feature=scenic-huangling&legend=0&scrollzoom=1&theme=dark');
    const back = parseEmbedUrl(new URL(url).search, LAYERS);
    expect(back.problems).toEqual([]);
    expect(back.state.filters).toEqual({ layers: ['scenic-areas'], counties: ['361130'] });
    expect(back.options).toMatchObject({ legend: false, theme: 'dark', scrollzoom: true, controls: true });
  });

  it('sizes and escapes the frame', () => {
    const html = iframeSnippet({ ...base, search: '?county=361130&measure=4', options: { title: 'A "quoted" <title> & more' }, width: { value: 100, unit: '%' }, height: { value: 480, unit: 'px' } });
    expect(html).toMatch(/^<iframe src="https:\/\/map\.test\/embed\?county=361130&amp;measure=4&amp;title=A\+%22quoted%22\+%3Ctitle%3E\+%26\+more" height="480" style="border:0;width:100%" title="A &quot;quoted&quot; &lt;title&gt; &amp; more" loading="lazy"/);
    expect(html).not.toContain('width="');
    const px = iframeSnippet({ ...base, search: '', options: {}, width: { value: 640, unit: 'px' }, height: { value: 400, unit: 'px' } });
    expect(px).toContain('src="https://map.test/embed" width="640" height="400"');
    expect(px).toContain('title="上饶市绿色低碳发展地图"');
  });

  it('escapes characters that would break out of an attribute', () => {
    expect(escapeAttr('"><script>')).toBe('&quot;&gt;&lt;script&gt;');
  });
});
