/**
 * `/print`: A4 briefing sheets of the page parameters (params.ts). Loads the data, asks /api/stats
 * and /api/changes for each sheet (the same filter and day), draws each sheet's map into an image
 * (MapShots), measures every block at the page's width and lays the blocks onto fixed A4 pages
 * (paginate.ts) — so page numbers and a booklet's contents are known and printed. A "打印" button
 * (hidden in print) calls window.print().
 */
import { Fragment, cloneElement, isValidElement, useEffect, useLayoutEffect, useMemo, useRef, useState, type ReactElement, type ReactNode } from 'react';
import { shanghaiToday } from '../../../core/asof';
import type { ChangesResponse } from '../../../core/changes';
import type { Lang } from '../../../core/contract';
import { api } from '../lib/api';
import { loadDataset, type ClientDataset } from '../lib/useDataset';
import { describeFilter } from '../lib/filterText';
import { LegendSymbol } from '../map/LegendSymbol';
import { MapShots } from './MapShots';
import { buildSheet, changesQuery, defaultSince, sheetSpecs, type SheetModel } from './model';
import { contentBox, contents, paginate, type Block } from './paginate';
import { parsePrintUrl, type PrintParams } from './params';
import { printT, type PrintT } from './strings';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: ClientDataset };

/** Map image size in CSS pixels (and millimetres on the sheet) per orientation. */
export const MAP_BOX = {
  portrait: { widthMm: 186, heightMm: 100, px: { width: 1116, height: 600 } },
  landscape: { widthMm: 112, heightMm: 88, px: { width: 784, height: 616 } },
} as const;

/** A booklet's many maps are drawn smaller (about 115 dpi on paper instead of 150): each costs a full render. */
export function shotSize(orient: PrintParams['orient'], count: number): { width: number; height: number } {
  const px = MAP_BOX[orient].px;
  const k = count > 1 ? 0.75 : 1;
  return { width: Math.round(px.width * k), height: Math.round(px.height * k) };
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function fetchChanges(query: string): Promise<ChangesResponse | null> {
  try {
    const res = await fetch(`/api/changes${query}`, { headers: { accept: 'application/json' } });
    return res.ok ? ((await res.json()) as ChangesResponse) : null;
  } catch {
    return null;
  }
}

export function PrintApp({ search }: { search: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const lang: Lang = new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh';
  const pt = printT(lang);
  useEffect(() => {
    let live = true;
    loadDataset(api).then(
      (data) => live && setLoad({ status: 'ready', data }),
      (e: unknown) => live && setLoad({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = pt('print.title');
  }, [lang, pt]);
  if (load.status !== 'ready')
    return (
      <main className="pr-status">
        <h1>{pt('print.title')}</h1>
        <p role={load.status === 'error' ? 'alert' : 'status'}>{load.status === 'error' ? pt('print.loadError', { message: load.message }) : pt('print.loading')}</p>
      </main>
    );
  return <PrintDoc data={load.data} search={search} />;
}

function PrintDoc({ data, search }: { data: ClientDataset; search: string }) {
  const params = useMemo(() => parsePrintUrl(search, data.layers.map((l) => l.id)), [search, data.layers]);
  const { lang, asof, filters } = { lang: params.state.lang, asof: params.state.asof, filters: params.state.filters };
  const pt = printT(lang);
  const today = useMemo(() => shanghaiToday(), []);
  const since = params.since ?? defaultSince(asof, today);
  const specs = useMemo(() => sheetSpecs(filters, params.each, data.measures.map((m) => m.id)), [filters, params.each, data.measures]);
  const [models, setModels] = useState<SheetModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [images, setImages] = useState<Record<string, string>>({});
  const [shotsDone, setShotsDone] = useState(false);

  useEffect(() => {
    let live = true;
    mapLimit(specs, 3, async (spec) => {
      const stats = await api.stats(spec.filters);
      const changes = await fetchChanges(changesQuery(spec.filters, since, stats.asof?.until));
      return buildSheet({
        spec,
        lang,
        stats,
        layers: data.layers,
        measures: data.measures,
        features: data.features,
        changes,
        since,
        sinceGiven: !!params.since,
        asof,
        today,
        boundaries: data.counties.boundaries?.attribution,
      });
    }).then(
      (m) => live && setModels(m),
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [specs, since, lang, asof, today, data, params.since]);

  const shots = useMemo(() => specs.map((s) => ({ key: s.key, filters: s.filters })), [specs]);
  const done = Object.keys(images).length;
  const ready = !!models && shotsDone;

  return (
    <div className={`pr pr--${params.orient}`} data-orient={params.orient}>
      <style>{`@page { size: A4 ${params.orient}; margin: 0; }`}</style>
      <header className="pr-toolbar" aria-label={pt('print.toolbar')}>
        <button type="button" className="pr-print-btn" onClick={() => window.print()} aria-label={pt('print.printLabel')} data-testid="print-now" disabled={!ready}>
          {pt('print.print')}
        </button>
        <p role="status" className="pr-progress">
          {error ? pt('print.loadError', { message: error }) : !ready ? (shotsDone ? pt('print.loading') : pt('print.preparing', { done, count: shots.length })) : ''}
        </p>
        {params.problems.length > 0 && (
          <p className="pr-problems" data-testid="problems">
            {pt('print.ignored', { list: params.problems.map((p) => `${p.parameter}=${p.value}`).join(', ') })}
          </p>
        )}
      </header>
      {!shotsDone && (
        <MapShots
          data={data}
          lang={lang}
          shots={shots}
          size={shotSize(params.orient, shots.length)}
          onShot={(key, url) => setImages((m) => ({ ...m, [key]: url }))}
          onDone={() => setShotsDone(true)}
        />
      )}
      {ready && <Paged models={models} images={images} params={params} data={data} today={today} />}
    </div>
  );
}

// ---- blocks ----

interface BlockDef {
  id: string;
  group?: string;
  keepWithNext?: boolean;
  node: ReactNode;
}

interface GroupDef {
  className: string;
  cols: number[];
  head: ReactNode;
}

type H = 'h1' | 'h2' | 'h3';

/** The legend in words: how precision is drawn and what the outline means (each layer's symbol is in the figures table). */
function Legend({ data, pt }: { data: ClientDataset; pt: PrintT }) {
  const point = data.layers.find((l) => l.geometry !== 'line') ?? data.layers[0];
  return (
    <div className="pr-legend">
      <p className="pr-legend-h">
        <strong>{pt('print.legend')}</strong>
      </p>
      <ul>
        {point && (
          <>
            <li>
              <LegendSymbol layer={point} size={14} /> {pt('print.legendSurveyed')}
            </li>
            <li>
              <LegendSymbol layer={point} precision="approximate" size={14} /> {pt('print.legendApprox')}
            </li>
            <li>
              <LegendSymbol layer={point} precision="schematic" size={14} /> {pt('print.legendSchematic')}
            </li>
          </>
        )}
        <li>{pt('print.legendCounty')}</li>
      </ul>
    </div>
  );
}

function sheetBlocks(m: SheetModel, opts: { image?: string; data: ClientDataset; lang: Lang; pt: PrintT; title: H; section: H; notice?: string; orient: PrintParams['orient'] }): { blocks: BlockDef[]; groups: Record<string, GroupDef> } {
  const { pt, lang } = opts;
  const Title = opts.title;
  const Sec = opts.section;
  const k = m.key;
  const blocks: BlockDef[] = [];
  const groups: Record<string, GroupDef> = {};
  const box = MAP_BOX[opts.orient];

  blocks.push({
    id: `${k}-head`,
    node: (
      <div className="pr-head">
        <Title className="pr-title">{m.title}</Title>
        <p className="pr-filter">{m.filterText}</p>
        <p className="pr-asof" data-testid="asof">
          {m.asofText}
        </p>
        {m.beforeHistory && (
          <p className="pr-note" data-testid="before-history">
            {m.beforeHistory}
          </p>
        )}
        {opts.notice && (
          <p className="pr-note" data-testid="sheet-problems">
            {opts.notice}
          </p>
        )}
      </div>
    ),
  });
  const layerInfo = (id: string) => opts.data.layers.find((l) => l.id === id);
  const figureHead = (
    <tr>
      <th scope="col">{pt('print.layer')}</th>
      <th scope="col">{pt('print.count')}</th>
      {m.statusNames.map((s) => (
        <th scope="col" key={s}>
          {s}
        </th>
      ))}
      <th scope="col">{pt('print.extent')}</th>
    </tr>
  );
  const figureRows = [
    ...m.figures.rows.map((r) => ({
      id: `${k}-fig-${r.layer}`,
      node: (
        <tr data-figure-layer={r.layer} data-count={r.count}>
          <th scope="row">
            <span className="pr-layer-name">
              {layerInfo(r.layer) && <LegendSymbol layer={layerInfo(r.layer)!} size={12} />}
              {r.name}
            </span>
          </th>
          <td>{r.count}</td>
          {r.byStatus.map((n, i) => (
            <td key={i}>{n}</td>
          ))}
          <td>{r.extent}</td>
        </tr>
      ),
    })),
    {
      id: `${k}-fig-total`,
      node: (
        <tr className="pr-total" data-figure-total={m.figures.total.count}>
          <th scope="row">{pt('print.total')}</th>
          <td>{m.figures.total.count}</td>
          {m.figures.total.byStatus.map((n, i) => (
            <td key={i}>{n}</td>
          ))}
          <td />
        </tr>
      ),
    },
  ];
  const FIG_COLS = [28, 9, 9, 9, 9, 9, 27];
  const notes = [m.figures.pipeline, m.figures.habitat, m.figures.citywide].filter((x): x is string => !!x);
  const notesList = notes.length ? (
    <ul className="pr-notes">
      {notes.map((n) => (
        <li key={n}>{n}</li>
      ))}
    </ul>
  ) : null;
  const image = opts.image ? (
    <img className="pr-map" src={opts.image} alt={m.mapAlt} style={{ width: `${box.widthMm}mm`, height: `${box.heightMm}mm` }} data-testid="map-image" />
  ) : (
    <p className="pr-note">{pt('print.mapPending')}</p>
  );

  if (opts.orient === 'landscape') {
    // Landscape: the legend and the figures beside the map, so a county's sheet keeps to two pages.
    blocks.push({
      id: `${k}-map`,
      node: (
        <div className="pr-mapfig">
          <figure className="pr-mapfig-img" style={{ width: `${box.widthMm}mm` }}>
            {image}
          </figure>
          <div className="pr-mapfig-side">
            <Sec className="pr-h">{pt('print.figures')}</Sec>
            <table className="pr-table pr-table--figures">
              <colgroup>
                {FIG_COLS.map((w, n) => (
                  <col key={n} style={{ width: `${w}%` }} />
                ))}
              </colgroup>
              <thead>{figureHead}</thead>
              <tbody>
                {figureRows.map((r) => (
                  <Fragment key={r.id}>{r.node}</Fragment>
                ))}
              </tbody>
            </table>
            {notesList}
            <Legend data={opts.data} pt={pt} />
          </div>
        </div>
      ),
    });
  } else {
    blocks.push({
      id: `${k}-map`,
      node: (
        <figure className="pr-mapfig">
          {image}
          <figcaption>
            <Legend data={opts.data} pt={pt} />
          </figcaption>
        </figure>
      ),
    });
    blocks.push({ id: `${k}-fig-h`, keepWithNext: true, node: <Sec className="pr-h">{pt('print.figures')}</Sec> });
    const fg = `${k}-fig`;
    groups[fg] = { className: 'pr-table pr-table--figures', cols: FIG_COLS, head: figureHead };
    for (const r of figureRows) blocks.push({ id: r.id, group: fg, node: r.node });
    if (notesList) blocks.push({ id: `${k}-fig-notes`, node: notesList });
  }

  // Targets
  blocks.push({ id: `${k}-tg-h`, keepWithNext: true, node: <Sec className="pr-h">{pt('print.targets')}</Sec> });
  if (m.targets.length === 0) blocks.push({ id: `${k}-tg-none`, node: <p className="pr-note">{pt('print.noTargets')}</p> });
  else {
    const tg = `${k}-tg`;
    groups[tg] = {
      className: 'pr-table pr-table--targets',
      cols: opts.orient === 'landscape' ? [9, 29, 14, 10, 15, 23] : [10, 28, 15, 10, 14, 23],
      head: (
        <tr>
          <th scope="col">{pt('print.measure')}</th>
          <th scope="col">{pt('print.target')}</th>
          <th scope="col">{pt('print.goal')}</th>
          <th scope="col">{pt('print.mapped')}</th>
          <th scope="col">{pt('print.reported')}</th>
          <th scope="col">{pt('print.standing')}</th>
        </tr>
      ),
    };
    for (const r of m.targets)
      blocks.push({
        id: `${tg}-${r.id}`,
        group: tg,
        node: (
          <tr data-target={r.id} data-standing={r.standingKind}>
            <td>{r.measure}</td>
            <td>{r.target}</td>
            <td>{r.goal}</td>
            <td>{r.mapped}</td>
            <td>{r.reported}</td>
            <td className={`pr-standing pr-standing--${r.standingKind}`}>{r.standing}</td>
          </tr>
        ),
      });
  }

  // Places
  blocks.push({ id: `${k}-pl-h`, keepWithNext: true, node: <Sec className="pr-h">{pt('print.places')}</Sec> });
  if (m.places.length === 0) blocks.push({ id: `${k}-pl-none`, node: <p className="pr-note">{pt('print.noPlaces')}</p> });
  else {
    const pg = `${k}-pl`;
    groups[pg] = {
      className: 'pr-table pr-table--places',
      cols: [36, 22, 14, 14, 14],
      head: (
        <tr>
          <th scope="col">{pt('print.name')}</th>
          <th scope="col">{pt('print.layer')}</th>
          <th scope="col">{pt('print.status')}</th>
          <th scope="col">{pt('print.precision')}</th>
          <th scope="col">{pt('print.statusDate')}</th>
        </tr>
      ),
    };
    for (const r of m.places)
      blocks.push({
        id: `${pg}-${r.id}`,
        group: pg,
        node: (
          <tr data-place={r.id}>
            <td>{r.name}</td>
            <td>{r.layer}</td>
            <td>{r.status}</td>
            <td>{r.precision}</td>
            <td>{r.statusDate}</td>
          </tr>
        ),
      });
  }

  // Changes
  blocks.push({
    id: `${k}-ch-h`,
    keepWithNext: true,
    node: (
      <Sec className="pr-h">
        {m.changes.title} <span className="pr-h-note">{m.changes.basis}</span>
      </Sec>
    ),
  });
  blocks.push({ id: `${k}-ch-sum`, node: <p data-testid="changes-summary">{m.changes.summary}</p> });
  if (m.changes.rows.length) {
    const cg = `${k}-ch`;
    groups[cg] = { className: 'pr-table pr-table--changes', cols: [16, 84], head: null };
    for (const r of m.changes.rows)
      blocks.push({
        id: `${cg}-${r.id}`,
        group: cg,
        node: (
          <tr data-change={r.id}>
            <td>{r.date}</td>
            <td>{r.text}</td>
          </tr>
        ),
      });
  }

  // Sources
  blocks.push({ id: `${k}-src-h`, keepWithNext: true, node: <Sec className="pr-h">{pt('print.sources')}</Sec> });
  blocks.push({
    id: `${k}-src`,
    node: (
      <ul className="pr-sources">
        <li>{m.sources.plan}</li>
        {m.sources.measures && <li>{m.sources.measures}</li>}
        {m.sources.boundaries && <li>{m.sources.boundaries}</li>}
        {m.sources.other.length > 0 && (
          <li>
            {pt('print.sourceOther')} {m.sources.other.join(lang === 'en' ? '; ' : '；')}
            {m.sources.more ? ` ${m.sources.more}` : ''}
          </li>
        )}
        <li>{m.sources.data}</li>
      </ul>
    ),
  });
  return { blocks, groups };
}

/** Blocks in order, a run of one table's rows as one <table> (its header repeated). */
function renderBlocks(blocks: readonly BlockDef[], groups: Record<string, GroupDef>): ReactNode[] {
  const out: ReactNode[] = [];
  for (let i = 0; i < blocks.length; ) {
    const b = blocks[i];
    if (b.group) {
      const g = groups[b.group];
      let j = i;
      while (j < blocks.length && blocks[j].group === b.group) j++;
      out.push(
        <table className={g.className} key={b.id} data-group={b.group}>
          <colgroup>
            {g.cols.map((w, n) => (
              <col key={n} style={{ width: `${w}%` }} />
            ))}
          </colgroup>
          {g.head && <thead data-group-head={b.group}>{g.head}</thead>}
          <tbody>
            {blocks.slice(i, j).map((r) => (
              <Fragment key={r.id}>{withBlockId(r)}</Fragment>
            ))}
          </tbody>
        </table>,
      );
      i = j;
    } else {
      out.push(
        <div className={b.keepWithNext ? 'pr-block pr-block--h' : 'pr-block'} data-block={b.id} key={b.id}>
          {b.node}
        </div>,
      );
      i++;
    }
  }
  return out;
}

/** A table row block carries its id for measuring. */
function withBlockId(b: BlockDef): ReactNode {
  return <BlockRow id={b.id}>{b.node}</BlockRow>;
}

function BlockRow({ id, children }: { id: string; children: ReactNode }) {
  // The row element itself is the child (a <tr>): it carries the block's id.
  return isValidElement(children) ? cloneElement(children as ReactElement<Record<string, unknown>>, { 'data-block': id }) : null;
}

// ---- pages ----

interface PageDef {
  key: string;
  heading: string;
  node: ReactNode;
}

function Paged({ models, images, params, data, today }: { models: SheetModel[]; images: Record<string, string>; params: PrintParams; data: ClientDataset; today: string }) {
  const lang = params.state.lang;
  const pt = printT(lang);
  const booklet = !!params.each;
  const notice = params.problems.length ? pt('print.ignored', { list: params.problems.map((p) => `${p.parameter}=${p.value}`).join(', ') }) : undefined;
  const sheets = useMemo(
    () =>
      models.map((m, i) =>
        sheetBlocks(m, {
          image: images[m.key],
          data,
          lang,
          pt,
          title: booklet ? 'h2' : 'h1',
          section: booklet ? 'h3' : 'h2',
          notice: !booklet && i === 0 ? notice : undefined,
          orient: params.orient,
        }),
      ),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [models, images, data, lang, booklet, params.orient],
  );
  const box = contentBox(params.orient);
  const MAX_SHEET_PAGES = 2;
  const measureRef = useRef<HTMLDivElement>(null);
  const [heights, setHeights] = useState<{ blocks: Map<string, number>; heads: Map<string, number> } | null>(null);

  useLayoutEffect(() => {
    let live = true;
    const measure = () => {
      const root = measureRef.current;
      if (!root || !live) return;
      const blocks = new Map<string, number>();
      const heads = new Map<string, number>();
      for (const el of root.querySelectorAll<HTMLElement>('[data-block]')) blocks.set(el.dataset.block!, el.getBoundingClientRect().height);
      for (const el of root.querySelectorAll<HTMLElement>('[data-group-head]')) heads.set(el.dataset.groupHead!, el.getBoundingClientRect().height);
      // Table margins (the space after a table) count with its header.
      for (const t of root.querySelectorAll<HTMLElement>('table[data-group]')) {
        const mb = parseFloat(getComputedStyle(t).marginBottom) || 0;
        heads.set(t.dataset.group!, (heads.get(t.dataset.group!) ?? 0) + mb);
      }
      setHeights({ blocks, heads });
    };
    void document.fonts.ready.then(measure);
    return () => {
      live = false;
    };
  }, [sheets]);

  const layout = useMemo(() => {
    if (!heights) return null;
    // Pages from blocks; a little room is left for rounding between screen and print.
    const pageH = box.heightPx - 6;
    return sheets.map((s, si) => {
      let blocks: Block[] = s.blocks.map((b) => ({ id: b.id, height: heights.blocks.get(b.id) ?? 0, keepWithNext: b.keepWithNext, group: b.group, groupHeader: b.group ? (heights.heads.get(b.group) ?? 0) : undefined }));
      const byId = new Map(s.blocks.map((b) => [b.id, b]));
      let pages = paginate(blocks, pageH);
      // A sheet is one or two A4 pages (issue 19). When the listed changes push it over, the oldest
      // rows go first (the summary line above the table still counts every change).
      let dropped = 0;
      while (pages.length > MAX_SHEET_PAGES) {
        const last = blocks.findLastIndex((b) => b.group?.endsWith('-ch') === true);
        if (last < 0) break;
        blocks = blocks.filter((_, i) => i !== last);
        dropped++;
        pages = paginate(blocks, pageH);
      }
      if (dropped > 0) {
        // The summary line then says how many are listed (same height: one line either way).
        const ch = models[si].changes;
        const sum = s.blocks.find((b) => b.id.endsWith('-ch-sum'));
        if (sum) byId.set(sum.id, { ...sum, node: <p data-testid="changes-summary">{ch.shownSummary(ch.rows.length - dropped)}</p> });
      }
      return pages.map((p) => p.ids.map((id) => byId.get(id)!));
    });
  }, [heights, sheets, box.heightPx, models]);

  if (!layout)
    return (
      <div className="pr-measure" ref={measureRef} aria-hidden="true" style={{ width: `${box.widthMm}mm` }}>
        {sheets.map((s, i) => (
          <div key={i} className="pr-sheet">
            {renderBlocks(s.blocks, s.groups)}
          </div>
        ))}
      </div>
    );

  const front = booklet ? 2 : 0;
  const toc = contents(
    models.map((m, i) => ({ key: m.key, pages: layout[i].length })),
    front,
  );
  const pages: PageDef[] = [];
  const filterWords = describeFilter(params.state.filters, lang, data.layers);
  if (booklet) {
    const title = params.each === 'county' ? pt('print.bookletCounty') : pt('print.bookletMeasure');
    pages.push({
      key: 'cover',
      heading: title,
      node: (
        <div className="pr-cover" data-testid="cover">
          <h1 className="pr-title pr-title--cover">{title}</h1>
          <p className="pr-filter">{filterWords ? pt('print.filter', { what: filterWords }) : pt('print.filterAll')}</p>
          <p className="pr-asof">{models[0]?.asofText}</p>
          {models[0]?.beforeHistory && <p className="pr-note">{models[0].beforeHistory}</p>}
          <p>{pt('print.printed', { date: today })}</p>
          <p>{pt('print.coverSheets', { count: models.length })}</p>
          {notice && (
            <p className="pr-note" data-testid="sheet-problems">
              {notice}
            </p>
          )}
          <p className="pr-cover-source">{pt('print.sourcePlan')}</p>
        </div>
      ),
    });
    pages.push({
      key: 'contents',
      heading: pt('print.contents'),
      node: (
        <div className="pr-contents" data-testid="contents">
          <h2 className="pr-h">{pt('print.contents')}</h2>
          <table className="pr-table pr-table--contents">
            <thead>
              <tr>
                <th scope="col">{params.each === 'county' ? (lang === 'en' ? 'County' : '县（市、区）') : pt('print.measure')}</th>
                <th scope="col">{pt('print.contentsPage')}</th>
              </tr>
            </thead>
            <tbody>
              {toc.entries.map((e, i) => (
                <tr key={e.key} data-contents={e.key} data-page={e.page}>
                  <td>{models[i].heading}</td>
                  <td>{e.page}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ),
    });
  }
  layout.forEach((sheetPages, i) =>
    sheetPages.forEach((blocks, j) =>
      pages.push({ key: `${models[i].key}-${j}`, heading: models[i].heading, node: <div className="pr-sheet" data-sheet={models[i].key}>{renderBlocks(blocks, sheets[i].groups)}</div> }),
    ),
  );

  return (
    <main className="pr-pages" data-print-ready="true" data-pages={pages.length}>
      {pages.map((p, n) => (
        <section key={p.key} className="pr-page" aria-label={pt('print.page', { page: n + 1, count: pages.length })} data-page={n + 1}>
          <div className="pr-content">{p.node}</div>
          <div className="pr-footer">
            <span>
              {p.heading} · {pt('print.printed', { date: today })}
            </span>
            <span data-page-number={n + 1}>{pt('print.page', { page: n + 1, count: pages.length })}</span>
          </div>
        </section>
      ))}
    </main>
  );
}
