/** The planner view `/`: data in, URL state in, panels and the map laid out. */
import { lazy, memo, Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { LayersList } from '@deck.gl/core';
import type { Lang } from '../../../core/contract';
import type { BBox, Filters } from '../../../core/filters';
import { makeT } from '../i18n';
import { targetFigures } from '../lib/figures';
import { createHoverStore } from '../lib/hoverStore';
import { countRender } from '../lib/testHooks';
import { isLayerVisible, toggleLayer } from '../lib/urlState';
import { useDataset, type ClientDataset } from '../lib/useDataset';
import { useUrlState, type HistoryMode } from '../lib/useUrlState';
import { MapView, type MapHandle, type ViewRequest } from '../map';
import { ShareDialog } from '../share';
import { countiesBounds, featureBounds } from './derive';
import { fastAims, fastMatch, featureIndex } from './fast-match';
import { DetailPanel } from './DetailPanel';
import { runExport } from './exports';
import { ExportMenu } from './ExportMenu';
import { Figures } from './Figures';
import { FilterPanel } from './FilterPanel';
import { Header } from './Header';
import { printHref } from '../print/params';
import { LayerPanel } from './LayerPanel';
import { MeasureInfo } from './MeasureInfo';
import { ProblemsBanner } from './ProblemsBanner';
import { ResultsList } from './ResultsList';
import { Tooltip } from './Tooltip';
import { Account } from './Account';
import { canEdit, currentSession, type SessionInfo } from '../lib/session';
import { useStats } from './useStats';
import { useSelectedFeature, useTileResults } from '../map/tile-data';
import { RESULTS_PAGE } from './ResultsList';
import { exportUrl } from '../lib/export-url';
import { TimeSlider } from '../time/TimeSlider';
import { useAsOf } from '../time/useAsOf';

/** Editing is loaded only for signed-in accounts. */
const Editors = lazy(() => import('../edit/Editors'));
const BulkStatus = lazy(() => import('../edit/BulkStatus'));
const DeletedList = lazy(() => import('../edit/DeletedList'));
const ProgressForm = lazy(() => import('../edit/ProgressForm'));
const NewFeature = lazy(() => import('../edit/geometry/NewFeature'));
const ImportPanel = lazy(() => import('../import/ImportPanel'));
const InternalNote = lazy(() => import('../edit/InternalNote'));
// Progress over time (issue 19): ECharts' line chart and the timeline's requests only once shown.
const StatusTimeline = lazy(() => import('../time/TimelineCharts').then((m) => ({ default: m.StatusTimeline })));
const TargetTimelines = lazy(() => import('../time/TimelineCharts').then((m) => ({ default: m.TargetTimelines })));

function langFromUrl(): Lang {
  return new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en' : 'zh';
}

export function App() {
  // asof in the address: the data of that day (lib/api.ts adds it to every call); loaded again when it changes.
  const asof = useAsOf();
  const { state, reload, refresh } = useDataset(undefined, asof);
  if (state.status !== 'ready') {
    const t = makeT(langFromUrl());
    return (
      <main className="sgm-status-page" aria-busy={state.status === 'loading'}>
        <h1>{t('app.title')}</h1>
        {state.status === 'loading' ? (
          <p>{t('app.loading')}</p>
        ) : (
          <p role="alert">
            {t('app.loadError', { message: state.message })}{' '}
            <button type="button" onClick={reload}>
              {t('app.retry')}
            </button>
          </p>
        )}
      </main>
    );
  }
  return <Planner data={state.data} refresh={refresh} />;
}

function Planner({ data, refresh }: { data: ClientDataset; refresh: () => void }) {
  const [session, setSession] = useState<SessionInfo | null>(null);
  useEffect(() => void currentSession().then(setSession), []);
  const layerIds = useMemo(() => data.layers.map((l) => l.id), [data.layers]);
  const { state, problems, update } = useUrlState(layerIds);
  const { filters, lang } = state;
  const t = useMemo(() => makeT(lang), [lang]);
  const mapRef = useRef<MapHandle>(null);
  // Hover lives in a store only the tooltip reads: a mouse move re-renders the tooltip, not the planner.
  const hover = useMemo(createHoverStore, []);
  countRender('planner');
  const [view, setView] = useState<ViewRequest | undefined>();
  const [drawer, setDrawer] = useState(false);
  const [share, setShare] = useState(false);
  // Edits made from this page: each reloads the data and the figures past the HTTP cache.
  const [edits, setEdits] = useState(0);
  const changed = useCallback(() => {
    refresh();
    setEdits((n) => n + 1);
  }, [refresh]);
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  // Editing works on the present: not offered while the page shows a past day.
  const editor = canEdit(session) && !state.asof;
  // While an editor draws on the map, a click there is the drawing's, not a selection or a county filter.
  const [drawing, setDrawing] = useState(false);
  const getMap = useCallback(() => mapRef.current?.map() ?? null, []);
  // Import (editors): the panel, and its preview drawn above the features and fitted into view.
  const [importing, setImporting] = useState(false);
  const [previewLayers, setPreviewLayers] = useState<LayersList | undefined>();
  const onImportPreview = useCallback((layers: LayersList | undefined, bounds?: BBox) => {
    setPreviewLayers(layers);
    if (bounds) setView({ bounds, padding: 60, maxZoom: 14 });
  }, []);
  const stats = useStats(filters, edits, state.asof);
  const beforeHistory = stats.status === 'ready' && !!stats.value.asof?.before_history;
  // Deleted features: right under the details when the feature asked for is gone, else at the end.
  const deletedList = (
    <Suspense fallback={null}>
      <DeletedList lang={lang} t={t} canRestore={editor} version={edits} selectedId={state.feature} onRestored={changed} />
    </Suspense>
  );

  // Tile mode (more features than the server's threshold): the list, counts and the selected
  // feature come from the API; the map draws from /tiles (map/tile-mode.ts).
  const tiled = useTileResults(data.tiles, filters, data.layers, { edits, asof: state.asof, pageSize: RESULTS_PAGE });
  const tileSelected = useSelectedFeature(data.tiles ? state.feature : undefined, edits, state.asof);
  // GeoJSON mode: the list, the layer counts and a measure's aims from per-feature bitmasks built
  // once per dataset (fast-match.ts): a filter change is one pass of bit tests, not core/match over
  // every feature object.
  const index = useMemo(() => featureIndex(data.features, data.layers), [data.features, data.layers]);
  const local = useMemo(() => (data.tiles ? undefined : fastMatch(index, filters)), [data.tiles, index, filters]);
  const matching = data.tiles ? tiled.rows : local!.rows;
  const counts = data.tiles ? (tiled.counts ?? {}) : local!.counts;
  // The list's rows follow in a later render, so the map's repaint after a filter change comes
  // first; until then the list is marked as updating (aria-busy, dimmed), not shown as current.
  const listed = useDeferredValue(matching);
  const listUpdating = listed !== matching;
  const selected = useMemo(
    () => (state.feature ? (data.tiles ? tileSelected : data.features.find((f) => f.properties.id === state.feature)) : undefined),
    [data.tiles, tileSelected, data.features, state.feature],
  );
  const tileView = useMemo(() => ({ counts: tiled.counts, selected: tileSelected, asof: state.asof }), [tiled.counts, tileSelected, state.asof]);
  const measureId = filters.measures?.length === 1 ? filters.measures[0] : undefined;
  const measure = useMemo(() => (measureId === undefined ? undefined : data.measures.find((m) => m.id === measureId)), [data.measures, measureId]);
  const measureTargets = useMemo(() => (measure && stats.status === 'ready' ? targetFigures(stats.value, [measure], filters) : undefined), [measure, stats, filters]);
  const measureAims = useMemo(() => (measure && local ? fastAims(index, filters, local.matched) : []), [measure, index, filters, local]);
  const selectFeature = useCallback((id: string) => update((s) => ({ ...s, feature: id })), [update]);
  const pick = useCallback((id: string) => setPicked((p) => toggled(p, id)), []);

  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
    document.title = t('app.title');
  }, [lang, t]);

  // `feature=` selects and fits; on first load the county filter fits too.
  useEffect(() => {
    const b = selected ? featureBounds(selected) : null;
    if (b) setView({ bounds: b, maxZoom: 11, padding: 80 });
  }, [selected]);
  useEffect(() => {
    const b = countiesBounds(data.counties, filters.counties);
    if (b && !state.feature) setView({ bounds: b, padding: 40 });
    // Only on first render: later county changes fit from the list handler.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const setFilters = useCallback((f: Filters, mode: HistoryMode = 'push') => update((s) => ({ ...s, filters: f }), mode), [update]);
  const fitCounties = (codes: string[] | undefined) => {
    const b = countiesBounds(data.counties, codes);
    if (b) setView({ bounds: b, padding: 40 });
  };

  return (
    <div className={`sgm-app ${drawer ? 'drawer-open' : ''}`}>
      <a className="sgm-skip" href="#sgm-sidebar">
        {t('panel.filters')}
      </a>
      <Header
        lang={lang}
        t={t}
        drawerOpen={drawer}
        onToggleDrawer={() => setDrawer((d) => !d)}
        onLang={(l) => update((s) => ({ ...s, lang: l }))}
        onExport={(kind) =>
          void runExport(kind, {
            features: matching.slice(),
            layers: data.layers,
            visibleLayerIds: layerIds.filter((id) => isLayerVisible(filters, id)),
            map: mapRef.current,
            lang,
            t,
            serverUrl: data.tiles ? (format) => exportUrl(filters, format, 'wgs84') : undefined,
          })
        }
        moreExports={<ExportMenu t={t} filters={filters} />}
        onShare={() => setShare(true)}
        printHref={printHref(state)}
        account={
          <>
            {editor && (
              <button type="button" className="sgm-import-open" aria-expanded={importing} onClick={() => setImporting((o) => !o)} data-testid="import-open">
                {t('import.open')}
              </button>
            )}
            <Account t={t} session={session} onSession={setSession} />
          </>
        }
      />
      <ProblemsBanner problems={problems} t={t} />
      <div className="sgm-body">
        <aside id="sgm-sidebar" className="sgm-sidebar" aria-label={t('panel.filters')}>
          <FilterPanel
            filters={filters}
            measures={data.measures}
            counties={data.counties}
            features={data.features}
            lang={lang}
            t={t}
            onChange={(f, mode) => {
              setFilters(f, mode);
              if ((f.counties ?? []).join() !== (filters.counties ?? []).join()) fitCounties(f.counties);
            }}
            onClear={() => update((s) => ({ ...s, filters: {}, feature: undefined }))}
          />
          <LayerPanel layers={data.layers} filters={filters} counts={counts} lang={lang} t={t} onToggle={(id) => setFilters({ ...filters, layers: toggleLayer(filters.layers, id, layerIds) })} />
          <TimeSlider asof={state.asof} beforeHistory={beforeHistory} t={t} onChange={(asof, mode) => update((s) => ({ ...s, asof }), mode)} />
        </aside>
        <main className="sgm-main">
          {state.asof && (
            <p className="sgm-asof-banner" data-testid="asof-banner">
              {t('time.banner', { date: state.asof })}
            </p>
          )}
          <MapView
            ref={mapRef}
            lang={lang}
            counties={data.counties}
            context={data.context}
            layers={data.layers}
            features={data.features}
            tiles={data.tiles ? tileView : undefined}
            filters={filters}
            counts={local?.counts}
            selectedFeatureId={state.feature}
            config={data.config}
            extraLayers={previewLayers}
            view={view}
            onHover={hover.set}
            onFeatureClick={(f) => !drawing && update((s) => ({ ...s, feature: f.properties.id }))}
            onCountyClick={(code, additive) =>
              !drawing &&
              setFilters({ ...filters, counties: additive ? toggleCountyList(filters.counties, code) : filters.counties?.length === 1 && filters.counties[0] === code ? undefined : [code] })
            }
          />
          <Tooltip store={hover} layers={data.layers} counties={data.counties} lang={lang} t={t} />
        </main>
        <aside className="sgm-info" aria-label={t('panel.details')}>
          {editor && importing && (
            <Suspense fallback={null}>
              <ImportPanel layers={data.layers} lang={lang} t={t} onPreview={onImportPreview} onChanged={changed} onClose={() => setImporting(false)} />
            </Suspense>
          )}
          {state.feature && (
            <DetailPanel
              id={state.feature}
              feature={selected}
              layers={data.layers}
              measures={data.measures}
              lang={lang}
              t={t}
              onMeasure={(m) => setFilters({ ...filters, measures: [m] })}
              onClose={() => update((s) => ({ ...s, feature: undefined }))}
              onReverted={editor ? changed : undefined}
            />
          )}
          {session && state.feature && !selected && deletedList}
          {state.feature && selected && session && !editor && (
            <Suspense fallback={null}>
              <InternalNote id={state.feature} t={t} version={edits} />
            </Suspense>
          )}
          {state.feature && selected && editor && (
            <Suspense fallback={null}>
              <Editors key={state.feature} id={state.feature} lang={lang} t={t} measures={data.measures} onChanged={changed} onDeleted={changed} getMap={getMap} onDrawing={setDrawing} />
            </Suspense>
          )}
          {editor && !state.feature && (
            <Suspense fallback={null}>
              <NewFeature
                layers={data.layers}
                measures={data.measures}
                lang={lang}
                t={t}
                getMap={getMap}
                onActive={setDrawing}
                onCreated={(id) => {
                  changed();
                  update((s) => ({ ...s, feature: id }));
                }}
              />
            </Suspense>
          )}
          {measure && (
            <MeasureInfo
              measure={measure}
              targets={measureTargets}
              aims={measureAims}
              lang={lang}
              t={t}
              report={
                !editor
                  ? undefined
                  : session?.counties?.length
                    ? () => <div className="sgm-muted">{t('report.countyLimited')}</div>
                    : (targetId) => (
                        <Suspense fallback={null}>
                          <ProgressForm measure={measure.id} target={measure.targets.find((x) => x.id === targetId)!} lang={lang} t={t} onDone={changed} />
                        </Suspense>
                      )
              }
            />
          )}
          {measure && (
            <Suspense fallback={null}>
              <TargetTimelines measure={measure} lang={lang} t={t} edits={edits} />
            </Suspense>
          )}
          <Figures
            state={stats}
            layers={data.layers}
            lang={lang}
            t={t}
            measureId={measure?.id}
            selectedCounties={filters.counties}
            onCounty={(code) => {
              setFilters({ ...filters, counties: [code] });
              fitCounties([code]);
            }}
          />
          <Suspense fallback={null}>
            <StatusTimeline filters={filters} lang={lang} t={t} edits={edits} />
          </Suspense>
          {editor && picked.size > 0 && (
            <Suspense fallback={null}>
              <BulkStatus ids={[...picked]} features={data.features} lang={lang} t={t} onDone={changed} onClear={() => setPicked(new Set())} />
            </Suspense>
          )}
          <div className="sgm-results-wrap" aria-busy={listUpdating} data-updating={listUpdating || undefined}>
            <MemoResultsList
              features={listed}
              layers={data.layers}
              selectedId={state.feature}
              lang={lang}
              t={t}
              onSelect={selectFeature}
              picked={editor ? picked : undefined}
              onPick={editor ? pick : undefined}
              total={data.tiles ? (tiled.total ?? 0) : undefined}
              onMore={data.tiles ? tiled.more : undefined}
            />
          </div>
          {session && !(state.feature && !selected) && deletedList}
        </aside>
      </div>
      {share && <ShareDialog search={window.location.search} lang={lang} layerIds={layerIds} onClose={() => setShare(false)} />}
    </div>
  );
}

/** The list re-renders only when its own props change (its rows are deferred, see `listed`). */
const MemoResultsList = memo(ResultsList);

function toggled(set: ReadonlySet<string>, id: string): ReadonlySet<string> {
  const next = new Set(set);
  if (!next.delete(id)) next.add(id);
  return next;
}

function toggleCountyList(list: string[] | undefined, code: string): string[] | undefined {
  const next = list?.includes(code) ? list.filter((c) => c !== code) : [...(list ?? []), code];
  return next.length ? next : undefined;
}
