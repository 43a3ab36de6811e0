/**
 * Pagination of the sheets into A4 pages, done by us rather than left to the browser's print
 * engine, so every page number (in the footer and on a booklet's contents page) is known before
 * printing: each block's height is measured at the page's width, then blocks are laid onto pages
 * of a fixed content height. Pure (test/web/print-paginate.test.ts).
 */

export interface Block {
  id: string;
  /** Height in CSS pixels, as measured at the page's content width. */
  height: number;
  /** Never end a page with this block (a heading): it moves with the block after it. */
  keepWithNext?: boolean;
  /** Rows of one table share a group; a page that starts or continues the group repeats its header. */
  group?: string;
  /** Height of the group's header row (repeated on each page the table reaches). */
  groupHeader?: number;
}

export interface PageOf {
  ids: string[];
  /** Blocks taller than a whole page (they are cut at the page's end). */
  overflow: string[];
}

/** Lay blocks onto pages of `pageHeight` in order; a table's header counts on every page it reaches. */
export function paginate(blocks: readonly Block[], pageHeight: number): PageOf[] {
  const pages: PageOf[] = [{ ids: [], overflow: [] }];
  let used = 0;
  let groupOnPage: string | undefined;
  const cost = (b: Block, group: string | undefined) => b.height + (b.group && b.group !== group ? (b.groupHeader ?? 0) : 0);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i];
    let need = cost(b, groupOnPage);
    // A heading takes the next block with it (and a run of headings their first block).
    if (b.keepWithNext) {
      let j = i + 1;
      let g = b.group ?? groupOnPage;
      while (j < blocks.length) {
        need += cost(blocks[j], g);
        g = blocks[j].group ?? g;
        if (!blocks[j].keepWithNext) break;
        j++;
      }
    }
    const page = pages[pages.length - 1];
    if (page.ids.length > 0 && used + need > pageHeight) {
      pages.push({ ids: [], overflow: [] });
      used = 0;
      groupOnPage = undefined;
    }
    const cur = pages[pages.length - 1];
    const h = cost(b, groupOnPage);
    cur.ids.push(b.id);
    if (h > pageHeight) cur.overflow.push(b.id);
    used += h;
    groupOnPage = b.group;
  }
  return pages;
}

export interface ContentsEntry {
  key: string;
  /** First page of the sheet (1-based, counting the front pages). */
  page: number;
  pages: number;
}

/** Where each sheet starts when `front` pages (cover, contents) come first. */
export function contents(sheets: readonly { key: string; pages: number }[], front: number): { entries: ContentsEntry[]; total: number } {
  let next = front + 1;
  const entries = sheets.map((s) => {
    const e = { key: s.key, page: next, pages: s.pages };
    next += s.pages;
    return e;
  });
  return { entries, total: next - 1 };
}

/** A4 in millimetres, and the sheet's margins and footer: the content box every page lays blocks into. */
export const A4 = { portrait: { width: 210, height: 297 }, landscape: { width: 297, height: 210 } } as const;
export const MARGIN_MM = 12;
export const FOOTER_MM = 9;
/** CSS pixels per millimetre (96 per inch). */
export const PX_PER_MM = 96 / 25.4;

export function contentBox(orient: keyof typeof A4): { widthMm: number; heightMm: number; heightPx: number } {
  const { width, height } = A4[orient];
  const heightMm = height - 2 * MARGIN_MM - FOOTER_MM;
  return { widthMm: width - 2 * MARGIN_MM, heightMm, heightPx: heightMm * PX_PER_MM };
}
