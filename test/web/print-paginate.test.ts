import { describe, expect, it } from 'vitest';
import { contentBox, contents, paginate, PX_PER_MM, type Block } from '../../web/src/print/paginate';

const b = (id: string, height: number, over: Partial<Block> = {}): Block => ({ id, height, ...over });

describe('paginate (blocks onto fixed A4 pages)', () => {
  it('fills a page, then starts the next', () => {
    const pages = paginate([b('a', 40), b('b', 40), b('c', 40)], 100);
    expect(pages.map((p) => p.ids)).toEqual([['a', 'b'], ['c']]);
    expect(pages.every((p) => p.overflow.length === 0)).toBe(true);
  });

  it('never leaves a heading at the foot of a page', () => {
    const pages = paginate([b('a', 70), b('h', 10, { keepWithNext: true }), b('c', 30)], 100);
    expect(pages.map((p) => p.ids)).toEqual([['a'], ['h', 'c']]);
  });

  it('counts a table header on every page the table reaches', () => {
    // 20 + 30 + 30 = 80 on page 1; the third row needs 30 more: page 2, where the header (20) is repeated.
    const rows = ['r1', 'r2', 'r3'].map((id) => b(id, 30, { group: 't', groupHeader: 20 }));
    const pages = paginate(rows, 100);
    expect(pages.map((p) => p.ids)).toEqual([['r1', 'r2'], ['r3']]);
    // Without the header the three rows would have fitted on one page (90 ≤ 100).
    expect(paginate(rows.map((r) => ({ ...r, groupHeader: 0 })), 100)).toHaveLength(1);
  });

  it('puts a block taller than a page alone and says it overflows', () => {
    const pages = paginate([b('a', 10), b('big', 150), b('c', 10)], 100);
    expect(pages.map((p) => p.ids)).toEqual([['a'], ['big'], ['c']]);
    expect(pages[1].overflow).toEqual(['big']);
  });

  it('makes one empty page of nothing (a sheet always has its page)', () => {
    expect(paginate([], 100)).toEqual([{ ids: [], overflow: [] }]);
  });
});

describe('contents (where each sheet of a booklet starts)', () => {
  it('numbers sheets after the cover and contents pages', () => {
    const { entries, total } = contents(
      [
        { key: 'county-361102', pages: 2 },
        { key: 'county-361103', pages: 1 },
        { key: 'county-361104', pages: 3 },
      ],
      2,
    );
    expect(entries.map((e) => [e.key, e.page])).toEqual([
      ['county-361102', 3],
      ['county-361103', 5],
      ['county-361104', 6],
    ]);
    expect(total).toBe(8);
  });

  it('starts at page 1 without front pages', () => {
    expect(contents([{ key: 'sheet', pages: 2 }], 0)).toEqual({ entries: [{ key: 'sheet', page: 1, pages: 2 }], total: 2 });
  });
});

describe('contentBox', () => {
  it('is A4 less 12 mm margins and a 9 mm footer', () => {
    expect(contentBox('portrait')).toMatchObject({ widthMm: 186, heightMm: 264 });
    expect(contentBox('landscape')).toMatchObject({ widthMm: 273, heightMm: 177 });
    expect(contentBox('portrait').heightPx).toBeCloseTo(264 * PX_PER_MM, 6);
  });
});
