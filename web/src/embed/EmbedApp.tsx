/**
 * `/embed`: the public, read-only map for other sites' iframes. The shared MapView with a compact
 * legend, attribution, an "open full map" link, and the host-page API (host.ts). No planner tools.
 */
import { Suspense, lazy, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ApiFeature } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { Filters, ParamProblem } from '../../../core/filters';
import { localName, makeT, bilingualName } from '../i18n';
import { api } from '../lib/api';
import { countByLayer } from '../lib/match';
import { describeFilter } from '../lib/filterText';
import { LegendSymbol } from '../map/LegendSymbol';
import { useSelectedFeature, useTileResults } from '../map/tile-data';
import type { Focus } from './MapPane';
import type { UrlState } from '../lib/urlState';
import { loadEmbedData, type EmbedData } from './data';
import { useHostApi } from './host';
import { fullMapHref, parseEmbedUrl, type EmbedOptions } from './options';
import { printHref } from '../print/params';
import { printT } from '../print/strings';
import { applyFilterPatch, filterMessage, readyMessage, selectedFeature, selectMessage } from './protocol';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; data: EmbedData };

// The map code (MapLibre, deck.gl) is not part of the initial script: the shell paints first and
// the map chunk is requested right away, in parallel with the data; see MapPane.tsx.
const mapPaneChunk = import('./MapPane');
const MapPane = lazy(() => mapPaneChunk);

function useScrollHint(scrollzoom: boolean) {
  const [hint, setHint] = useState(false);
  const [ctrlZoom, setCtrlZoom] = useState(false);
  const timers = useRef<{ hint?: number; ctrl?: number }>({});
  const onWheelCapture = useCallback(
    (e: React.WheelEvent) => {
      if (scrollzoom) return;
      if (e.ctrlKey || e.metaKey) {
        // Ctrl/⌘ + wheel (and trackpad pinch) zooms the map for as long as the gesture lasts.
        setHint(false);
        setCtrlZoom(true);
        window.clearTimeout(timers.current.ctrl);
        timers.current.ctrl = window.setTimeout(() => setCtrlZoom(false), 500);
        return;
      }
      setHint(true);
      window.clearTimeout(timers.current.hint);
      timers.current.hint = window.setTimeout(() => setHint(false), 1500);
    },
    [scrollzoom],
  );
  useEffect(() => () => {
    window.clearTimeout(timers.current.hint);
    window.clearTimeout(timers.current.ctrl);
  }, []);
  return { hint, scrollZoom: scrollzoom || ctrlZoom, onWheelCapture };
}

const MOD_KEY = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

export function EmbedApp({ search }: { search: string }) {
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    loadEmbedData(api).then(
      (data) => live && setLoad({ status: 'ready', data }),
      (e: unknown) => live && setLoad({ status: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, []);
  // Language and options can be read before the data (they do not depend on the layer registry).
  const early = useMemo(() => parseEmbedUrl(search, []), [search]);
  const lang = early.state.lang;
  const t = makeT(lang);
  const te = makeT(lang);
  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = early.options.title ?? t('app.title');
  }, [lang, early.options.title, t]);

  if (load.status !== 'ready')
    return (
      <div className={`sgm-embed sgm-embed--${early.options.theme}`}>
        <p className="sgm-embed-status" role={load.status === 'error' ? 'alert' : 'status'}>
          {load.status === 'error' ? te('embed.loadError', { message: load.message }) : te('embed.loading')}
        </p>
      </div>
    );
  return <EmbedMap data={load.data} search={search} lang={lang} />;
}

function EmbedMap({ data, search, lang }: { data: EmbedData; search: string; lang: Lang }) {
  const t = makeT(lang);
  const te = makeT(lang);
  const layerIds = useMemo(() => data.layers.map((l) => l.id), [data.layers]);
  const initial = useMemo(() => parseEmbedUrl(search, layerIds), [search, layerIds]);
  const options: EmbedOptions = initial.options;
  const [filters, setFilters] = useState<Filters>(initial.state.filters);
  const [selectedId, setSelectedId] = useState<string | undefined>(initial.state.feature);
  const [problems, setProblems] = useState<ParamProblem[]>(initial.problems);
  const [focus, setFocus] = useState<Focus | undefined>(() =>
    initial.state.feature ? { featureId: initial.state.feature, animate: false } : initial.state.filters.counties ? { counties: initial.state.filters.counties, animate: false } : undefined,
  );
  const [mapReady, setMapReady] = useState(false);
  const byId = useMemo(() => new Map(data.features.map((f) => [f.properties.id, f])), [data.features]);
  // Tile mode: the selected feature and the counts come from the API (map/tile-data.ts).
  const tileSelected = useSelectedFeature(data.tiles ? selectedId : undefined);
  const tiled = useTileResults(data.tiles, filters, data.layers, { pageSize: 1 });
  const selected = selectedId ? (data.tiles ? tileSelected : byId.get(selectedId)) : undefined;
  const state: UrlState = { filters, feature: selectedId, lang };
  const origin = window.location.origin;
  const localCounts = useMemo(() => countByLayer(data.features, filters, layerIds), [data.features, filters, layerIds]);
  const counts = data.tiles ? (tiled.counts ?? {}) : localCounts;
  const tileView = useMemo(() => (data.tiles ? { counts: tiled.counts, selected: tileSelected } : undefined), [data.tiles, tiled.counts, tileSelected]);
  const visibleLayers = data.layers.filter((l) => !filters.layers || filters.layers.includes(l.id));
  const matched = visibleLayers.reduce((n, l) => n + (counts[l.id] ?? 0), 0);
  const scroll = useScrollHint(options.scrollzoom);

  const bridge = useHostApi({
    allowedOrigins: data.config.embedOrigins,
    layerIds,
    enabled: mapReady,
    onSetFilter: (patch) => {
      setFilters((f) => applyFilterPatch(f, patch));
      if ('counties' in patch) setFocus({ counties: patch.counties });
    },
    onSelectFeature: (id) => {
      if (id === null) {
        setSelectedId(undefined);
        return undefined;
      }
      // Tile mode: the page does not hold every feature; an unknown id simply selects nothing.
      if (!data.tiles && !byId.get(id)) return `No feature has the id "${id}".`;
      setSelectedId(id);
      setFocus({ featureId: id });
      return undefined;
    },
  });

  // Tell the host once the map has drawn; then after every filter change.
  const announced = useRef(false);
  useEffect(() => {
    if (!mapReady) return;
    if (!announced.current) {
      announced.current = true;
      bridge.post(readyMessage(filters, matched));
    } else bridge.post(filterMessage(filters, matched));
    // Post on filter changes only (matched follows from filters).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [mapReady, filters]);

  const onMapReady = useCallback(() => setMapReady(true), []);
  const onFeatureClick = (f: ApiFeature) => {
    setSelectedId(f.properties.id);
    bridge.post(selectMessage(selectedFeature(f, fullMapHref(origin, { ...state, feature: f.properties.id }))));
  };

  const filterSummary = describeFilter(filters, lang, data.layers);

  return (
    <div className={`sgm-embed sgm-embed--${options.theme}`} onWheelCapture={scroll.onWheelCapture} data-matched={matched} data-origins-restricted={data.config.embedOrigins.length > 0}>
      <header className="sgm-embed-bar">
        <div className="sgm-embed-heading">
          <h1>{options.title ?? t('app.title')}</h1>
          {filterSummary && <p className="sgm-embed-filter">{te('embed.filtered', { what: filterSummary })}</p>}
        </div>
        <div className="sgm-embed-links">
          {options.print && (
            <a className="sgm-embed-full" href={`${origin}${printHref(state)}`} target="_blank" rel="noopener" aria-label={printT(lang)('print.buttonLabel')} data-testid="print-link">
              {printT(lang)('print.button')}
            </a>
          )}
          <a className="sgm-embed-full" href={fullMapHref(origin, state)} target="_blank" rel="noopener" aria-label={te('embed.openFullLabel')} data-testid="open-full">
            {te('embed.openFull')} ↗
          </a>
        </div>
      </header>
      {problems.length > 0 && (
        <div className="sgm-embed-problems" role="status" data-testid="problems">
          <span>{te('embed.ignored', { names: problems.map((p) => `${p.parameter}=${p.value}`).join(', ') })}</span>
          <button type="button" onClick={() => setProblems([])} aria-label={te('embed.close')}>
            ×
          </button>
        </div>
      )}
      <div className="sgm-embed-map">
        <Suspense fallback={<p className="sgm-embed-status">{te('embed.loading')}</p>}>
          <MapPane
            data={data}
            lang={lang}
            options={options}
            filters={filters}
            selectedFeatureId={selectedId}
            scrollZoom={scroll.scrollZoom}
            focus={focus}
            onReady={onMapReady}
            onFeatureClick={onFeatureClick}
            tiles={tileView}
          />
        </Suspense>
        {scroll.hint && (
          <div className="sgm-embed-hint" role="status" data-testid="scroll-hint">
            {te('embed.scrollHint', { key: MOD_KEY })}
          </div>
        )}
        {options.legend && (
          <aside className="sgm-embed-legend-wrap" aria-label={te('embed.legend')}>
          <details className="sgm-embed-legend" open={typeof window === 'undefined' || window.innerWidth > 480} data-testid="legend">
            <summary>{te('embed.legend')}</summary>
            <ul>
              {visibleLayers.map((l) => (
                <li key={l.id} data-legend-layer={l.id} data-count={counts[l.id] ?? 0}>
                  <LegendSymbol layer={l} size={16} theme={options.theme} />
                  <span>{localName(l, lang)}</span>
                  <span className="sgm-embed-count">{counts[l.id] ?? 0}</span>
                </li>
              ))}
            </ul>
            <p className="sgm-embed-note">{te('embed.approxNote')}</p>
            {matched === 0 && <p className="sgm-embed-note">{te('embed.noMatch')}</p>}
          </details>
          </aside>
        )}
        {selected && (
          <FeatureCard feature={selected} lang={lang} data={data} href={fullMapHref(origin, state)} onClose={() => setSelectedId(undefined)} />
        )}
      </div>
    </div>
  );
}

function FeatureCard({ feature, lang, data, href, onClose }: { feature: ApiFeature; lang: Lang; data: EmbedData; href: string; onClose: () => void }) {
  const t = makeT(lang);
  const te = makeT(lang);
  const p = feature.properties;
  const layer = data.layers.find((l) => l.id === p.layer);
  const quote = p.quote.length > 120 ? `${p.quote.slice(0, 120)}…` : p.quote;
  return (
    <section className="sgm-embed-card" aria-label={bilingualName(p, lang)} data-selected={p.id}>
      <button type="button" className="sgm-embed-card-close" onClick={onClose} aria-label={te('embed.close')}>
        ×
      </button>
      <h2>{localName(p, lang)}</h2>
      <p className="sgm-embed-card-alt">{lang === 'en' ? p.name : p.name_en}</p>
      <p className="sgm-embed-card-meta">
        {layer ? localName(layer, lang) : p.layer} · {t(`status.${p.status}`)} · {t(`precision.${p.precision}`)}
      </p>
      <blockquote>
        {p.clause} {quote}
      </blockquote>
      <a href={href} target="_blank" rel="noopener">
        {te('embed.details')} ↗
      </a>
    </section>
  );
}
