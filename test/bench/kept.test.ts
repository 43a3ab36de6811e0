import { describe, expect, it } from 'vitest';
import { keptSections, withKeptSections } from '../../bench/kept';

const generated = '# Benchmark results\n\nDate: 2026-11-26\n\n## Machine\n\n| a | b |\n\n## Targets\n\nrows\n';

describe('sections a full bench run keeps', () => {
  it('finds every marked section, markers included, and ignores unmatched markers', () => {
    const old = 'x\n<!-- tiles:start -->\n## Tile mode\nfigures\n<!-- tiles:end -->\ny\n<!-- lone:start -->\nno end\n<!-- interop:start -->i<!-- interop:end -->';
    expect(keptSections(old)).toEqual([
      { name: 'tiles', text: '<!-- tiles:start -->\n## Tile mode\nfigures\n<!-- tiles:end -->' },
      { name: 'interop', text: '<!-- interop:start -->i<!-- interop:end -->' },
    ]);
  });

  it('puts dated sections after the title and date, and the interop section at the end', () => {
    const old = 'old header\n<!-- interop:start -->\n## Interop\n<!-- interop:end -->\n<!-- filter:start -->\n## Filter\n<!-- filter:end -->\n';
    const md = withKeptSections(generated, old);
    expect(md.indexOf('## Filter')).toBeGreaterThan(md.indexOf('Date: 2026-11-26'));
    expect(md.indexOf('## Filter')).toBeLessThan(md.indexOf('## Machine'));
    expect(md.indexOf('## Interop')).toBeGreaterThan(md.indexOf('rows'));
    expect(md).not.toContain('old header');
  });

  it('returns the generated file unchanged when nothing was marked', () => {
    expect(withKeptSections(generated, 'an old file without markers')).toBe(generated);
  });

  it('does not repeat a section the generated part already holds', () => {
    const gen = `${generated}<!-- gaps:start -->new<!-- gaps:end -->\n`;
    const md = withKeptSections(gen, '<!-- gaps:start -->old<!-- gaps:end -->');
    expect(md).toContain('new');
    expect(md).not.toContain('old');
  });
});
