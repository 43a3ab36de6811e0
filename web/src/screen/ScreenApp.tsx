/**
 * The briefing screen (/screen): header, totals, map, charts, targets; tours counties or measures.
 * Data comes from the ScreenStore (live, offline-tolerant); everything shown is derived from it by
 * pure functions. A stop is shown only once its figures have arrived, so the focus, map and figures
 * always agree.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { ApiFeature, StatsResponse } from '../../../core/api';
import { filterKey } from '../../../core/filters';
import { EChart, byCountyBarOption, bySectionBarOption, byStatusBarOption } from '../charts';
import { makeT } from '../i18n';
import { isoDate } from '../lib/format';
import { api, statsQuery } from '../lib/api';
import { asofFromLocation } from '../time/asof';
import { parseUrlState } from '../lib/urlState';
import { secondsToRetry } from './connection';
import { aimFigures, layerFigures, SCENIC_LAYER, targetFigures } from '../lib/figures';
import { focusBounds, focusLabel } from './focus';
import { TargetsBand, TotalsPanel } from './panels';
import { SincePanel, useChangesSince } from './SincePanel';
import { changedFeatureIds, changedRings } from './changed';
import { daysBefore, parseSince } from '../lib/dates';
import { parseScreenParams, SCREEN_PARAMS } from './params';
import { ScreenMap } from './ScreenMap';
import { ScreenStore, statsKey, type ScreenSnapshot, type StatsWant } from './store';
import { clampTour, nextStop, pauseTour, startTour, stopChanges, stopFilters, stopKey, tickTour, tourStops, type TourPeriod, type TourState, type TourStop } from './tour';
import { useIdleCursor } from './useIdleCursor';
import { TEST_HOOKS } from '../lib/testHooks';
import { printHref } from '../print/params';
import { printT } from '../print/strings';

/** Test and benchmark hook: step the tour and read what is shown. */
export interface ScreenHook {
  next(): void;
  pause(): void;
  shown(): { stop: string; index: number; filter: string; asof?: string };
}

function useViewportHeight(): number {
  const [h, setH] = useState(() => window.innerHeight);
  useEffect(() => {
    const on = () => setH(window.innerHeight);
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return h;
}

function clock(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${isoDate(d)} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

export function ScreenApp({ search, store: given }: { search: string; store?: ScreenStore }) {
  const store = useMemo(() => given ?? new ScreenStore({ refreshMs: parseScreenParams(new URLSearchParams(search)).params.refresh * 1000 }), [given, search]);
  useEffect(() => {
    store.start();
    return () => store.stop();
  }, [store]);
  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const lang = new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh';
  const root = useRef<HTMLDivElement>(null);
  useIdleCursor(root);
  if (!snap.dataset)
    return (
      <div ref={root} className="scr scr--loading" data-online={snap.conn.online ? 'true' : 'false'}>
        <p className="scr-loading">{makeT(lang)('screen.loading')}</p>
        {!snap.conn.online && <OfflineMark snap={snap} lang={lang} />}
      </div>
    );
  return <Screen snap={snap} store={store} search={search} />;
}

function OfflineMark({ snap, lang }: { snap: ScreenSnapshot; lang: 'zh' | 'en' }) {
  const t = makeT(lang);
  const s = secondsToRetry(snap.conn, Date.now());
  return (
    <div className="scr-offline" role="status" data-offline="true">
      <span className="scr-offline-dot" aria-hidden="true" />
      {s > 0 ? t('screen.offline', { seconds: s }) : t('screen.offlineNow')}
    </div>
  );
}

function Screen({ snap, store, search }: { snap: ScreenSnapshot; store: ScreenStore; search: string }) {
  const data = snap.dataset!;
  // asof from the address: the store's client asks every figure for that day (lib/api.ts).
  const asofDay = useMemo(() => asofFromLocation(), []);
  const vh = useViewportHeight();
  const root = useRef<HTMLDivElement>(null);
  useIdleCursor(root);

  const parsed = useMemo(() => {
    const p = new URLSearchParams(search);
    const { state, problems } = parseUrlState(p, { layerIds: data.layers.map((l) => l.id), extraParams: SCREEN_PARAMS });
    const screen = parseScreenParams(p);
    const rawSince = p.get('since');
    const sinceProblem = rawSince !== null && !parseSince(rawSince) ? [{ parameter: 'since', value: rawSince.slice(0, 40), message: 'since must be a date YYYY-MM-DD' }] : [];
    return { state, screen: screen.params, problems: [...problems, ...screen.problems, ...sinceProblem] };
  }, [search, data.layers]);
  const { lang, filters } = parsed.state;
  const t = makeT(lang);
  const shared = makeT(lang);
  const since = useMemo(() => parseSince(new URLSearchParams(search).get('since')) ?? daysBefore(new Date(), 30), [search]);

  // tour=time: the quarters of /api/stats/timeline for the filter (read again when the data changes).
  const [periods, setPeriods] = useState<TourPeriod[]>([]);
  const timeTour = parsed.screen.tour === 'time';
  const fkey = filterKey(filters);
  useEffect(() => {
    if (!timeTour) return;
    let live = true;
    api.timeline(filters, 'quarter').then(
      (tl) => live && setPeriods(tl.periods.map((p) => ({ label: p.label, start: p.start, end: p.end }))),
      () => {},
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timeTour, fkey, snap.version]);

  const stops = useMemo(() => tourStops(parsed.screen.tour, filters, data.measures.map((m) => m.id), periods), [parsed.screen.tour, filters, data.measures, periods]);
  // What a stop shows: its filter, as of its period's end on tour=time (else the page's day).
  const wantOf = useCallback((stop: TourStop): StatsWant => ({ filters: stopFilters(stop, filters), ...(stop.kind === 'period' ? { asof: stop.end } : {}) }), [filters]);
  const timing = useMemo(() => ({ count: stops.length, intervalMs: parsed.screen.interval * 1000 }), [stops.length, parsed.screen.interval]);
  const [tour, setTour] = useState<TourState>(() => startTour(Date.now()));
  const [now, setNow] = useState(() => Date.now());
  const online = snap.conn.online;

  // The clock: advance the tour (held while offline: the last view stays) and refresh countdowns.
  useEffect(() => {
    const id = setInterval(() => {
      const n = Date.now();
      setNow(n);
      if (online) setTour((s) => tickTour(clampTour(s, timing.count), n, timing));
    }, 500);
    return () => clearInterval(id);
  }, [online, timing]);

  const wantedIndex = Math.min(tour.index, stops.length - 1);
  const wanted = useMemo(() => wantOf(stops[wantedIndex]), [wantOf, stops, wantedIndex]);
  const nextWanted = useMemo(() => wantOf(stops[(wantedIndex + 1) % stops.length]), [wantOf, stops, wantedIndex]);
  useEffect(() => {
    store.want(timeTour ? [wanted, nextWanted] : [wanted, { filters }, nextWanted]);
  }, [store, wanted, filters, nextWanted, timeTour]);

  // Show a stop only once its figures are in; until then the previous one stays (no blank, no mismatch).
  const [shownIndex, setShownIndex] = useState(0);
  const ready = snap.stats.has(statsKey(wanted));
  useEffect(() => {
    if (ready) setShownIndex(wantedIndex);
  }, [ready, wantedIndex]);
  const shownStop = stops[Math.min(shownIndex, stops.length - 1)];
  const shownFilters = useMemo(() => stopFilters(shownStop, filters), [shownStop, filters]);
  const shownWant = useMemo(() => wantOf(shownStop), [wantOf, shownStop]);
  const focusStats: StatsResponse | undefined = snap.stats.get(statsKey(shownWant));
  // tour=time: the map shows the features as they stood at the quarter's end (each layer read once
  // per quarter shown; the previous quarter's stay on the map until they are in).
  const periodDay = shownStop.kind === 'period' ? shownWant.asof : undefined;
  const [periodFeatures, setPeriodFeatures] = useState<{ day: string; features: ApiFeature[] } | null>(null);
  useEffect(() => {
    // Tile mode: the tiles are asked for that day instead (asof in their URL).
    if (!periodDay || data.tiles) return;
    let live = true;
    Promise.all(data.layers.map((l) => api.features(l.id, {}, periodDay))).then(
      (fcs) => live && setPeriodFeatures({ day: periodDay, features: fcs.flatMap((fc) => fc.features) }),
      () => {},
    );
    return () => {
      live = false;
    };
  }, [periodDay, data.layers, snap.version, data.tiles]);
  const mapFeatures = periodDay && periodFeatures ? periodFeatures.features : data.features;
  // On tour=time every chart is the quarter's; otherwise the county chart keeps the whole selection.
  const baseStats: StatsResponse | undefined = (shownStop.kind === 'period' ? undefined : snap.stats.get(filterKey(filters))) ?? focusStats;
  // The changes highlighted (since-panel, rings): the quarter's own on tour=time, else since `since`.
  const window_ = useMemo(() => stopChanges(shownStop, since), [shownStop, since]);
  const changes = useChangesSince(window_.since, window_.until);
  const changedIds = useMemo(() => changedFeatureIds(changes.data?.change_sets ?? []), [changes.data]);

  const hook = useRef<ScreenHook | null>(null);
  hook.current = {
    next: () => setTour((s) => nextStop(s, Date.now(), timing)),
    pause: () => setTour((s) => pauseTour(s, Date.now(), timing)),
    shown: () => ({ stop: stopKey(shownStop), index: shownIndex, filter: statsQuery(shownFilters), ...(shownWant.asof ? { asof: shownWant.asof } : {}) }),
  };
  useEffect(() => {
    if (!TEST_HOOKS) return; // the browser tests' handle; not in production builds
    const w = window as unknown as { __sgmScreen?: ScreenHook };
    w.__sgmScreen = { next: () => hook.current!.next(), pause: () => hook.current!.pause(), shown: () => hook.current!.shown() };
    return () => {
      delete w.__sgmScreen;
    };
  }, []);

  const onTap = useCallback(() => setTour((s) => pauseTour(s, Date.now(), timing)), [timing]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'ArrowRight') setTour((s) => nextStop(s, Date.now(), timing));
      else if (e.key === ' ') setTour((s) => pauseTour(s, Date.now(), timing));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [timing]);

  const fs = Math.max(12, Math.round(vh * 0.018));
  const label = focusLabel(shownStop, filters, data.measures, lang, { city: t('screen.focusCity') });
  const bounds = useMemo(() => focusBounds(shownStop, filters, data.counties, data.features), [shownStop, filters, data.counties, data.features]);
  const layers = useMemo(() => (focusStats ? layerFigures(focusStats, data.layers, filters) : []), [focusStats, data.layers, filters]);
  const targets = useMemo(() => (focusStats ? targetFigures(focusStats, data.measures, shownFilters) : []), [focusStats, data.measures, shownFilters]);
  const aims = useMemo(() => aimFigures(mapFeatures, shownFilters, SCENIC_LAYER), [mapFeatures, shownFilters]);
  // The features changed since `since` that the stop shown includes: ringed on the map.
  const rings = useMemo(() => changedRings(mapFeatures, changedIds, shownFilters), [mapFeatures, changedIds, shownFilters]);
  const tileCounts = useMemo(() => (focusStats ? Object.fromEntries(focusStats.layers.map((l) => [l.id, l.count])) : undefined), [focusStats]);
  const tileView = useMemo(() => (data.tiles ? { counts: tileCounts, asof: periodDay } : undefined), [data.tiles, tileCounts, periodDay]);
  const highlight = useMemo(() => (shownStop.kind === 'county' ? [shownStop.code] : []), [shownStop]);
  const countyOpt = useMemo(() => (baseStats ? byCountyBarOption(baseStats, lang, { theme: 'dark', fontSize: fs, highlight }) : null), [baseStats, lang, fs, highlight]);
  const statusOpt = useMemo(() => (focusStats ? byStatusBarOption(focusStats, lang, { theme: 'dark', fontSize: fs }) : null), [focusStats, lang, fs]);
  const sectionOpt = useMemo(() => (focusStats ? bySectionBarOption(focusStats, data.measures, lang, { theme: 'dark', fontSize: fs }) : null), [focusStats, data.measures, lang, fs]);

  const paused = tour.pausedUntil !== null && tour.pausedUntil > now;
  const tourText =
    parsed.screen.tour === 'off' || stops.length <= 1
      ? t('screen.tourOff')
      : parsed.screen.tour === 'county'
        ? t('screen.tourCounty')
        : parsed.screen.tour === 'time'
          ? t('screen.tourTime')
          : t('screen.tourMeasure');

  return (
    <div
      ref={root}
      className="scr"
      lang={lang === 'en' ? 'en' : 'zh-CN'}
      onPointerDown={onTap}
      data-stop={stopKey(shownStop)}
      data-tour-index={shownIndex}
      data-filter={statsQuery(shownFilters)}
      data-stop-asof={shownWant.asof ?? ''}
      data-online={online ? 'true' : 'false'}
      data-as-of={snap.asOf ?? ''}
      data-paused={paused ? 'true' : 'false'}
    >
      <header className="scr-header">
        <div className="scr-brand">
          <h1 className="scr-title">{t('screen.title')}</h1>
          <p className="scr-subtitle">{t('screen.subtitle')}</p>
          {asofDay && (
            <p className="scr-subtitle" data-testid="asof-banner">
              <strong>{t('time.banner', { date: asofDay })}</strong>
            </p>
          )}
        </div>
        <div className="scr-focus" aria-live="polite">
          <div className={`scr-focus-title${shownStop.kind === 'period' ? ' scr-focus-title--period' : ''}`} data-focus key={stopKey(shownStop)}>
            {label.title}
          </div>
          {label.detail && <div className="scr-focus-detail">{label.detail}</div>}
        </div>
        <div className="scr-meta">
          <div className="scr-tour">
            {tourText}
            {stops.length > 1 && <span className="scr-tour-step"> {t('screen.tourStep', { index: shownIndex + 1, count: stops.length })}</span>}
          </div>
          <div className="scr-tour-hint">
            {paused ? t('screen.tourPaused', { seconds: Math.ceil((tour.pausedUntil! - now) / 1000) }) : stops.length > 1 ? t('screen.tapToPause') : ''}
          </div>
          <div className="scr-asof" data-as-of-text>
            {snap.asOf ? t('screen.asOf', { time: clock(snap.asOf) }) : ''}
          </div>
          {!online && <OfflineMark snap={snap} lang={lang} />}
        </div>
      </header>

      <aside className="scr-left" aria-label={t('screen.leftPanel')}>
        {focusStats && <TotalsPanel stats={focusStats} layers={layers} lang={lang} t={t} />}
        <section className="scr-panel scr-chart-panel scr-chart-panel--status">
          <h2 className="scr-h">{t('screen.byStatus')}</h2>
          <div className="scr-chart">{statusOpt && <EChart option={statusOpt} theme="dark" ariaLabel={t('screen.byStatus')} testId="by-status" />}</div>
        </section>
        <SincePanel since={window_.since} until={window_.until} lang={lang} t={t} state={changes} />
      </aside>

      <main className="scr-map" data-changed-ids={rings.map((r) => r.id).join(' ')} data-map-asof={periodDay && periodFeatures ? periodFeatures.day : ''} data-map-features={mapFeatures.length}>
        <ScreenMap
          lang={lang}
          counties={data.counties}
          context={data.context}
          layers={data.layers}
          features={mapFeatures}
          filters={shownFilters}
          bounds={bounds}
          padding={Math.round(vh * 0.04)}
          flowWidth={Math.max(3, Math.round(vh * 0.004))}
          changed={rings}
          ariaLabel={`${shared('map.label')} · ${label.title}`}
          config={data.config}
          tiles={tileView}
        />
      </main>

      <aside className="scr-right" aria-label={t('screen.rightPanel')}>
        <section className="scr-panel scr-chart-panel scr-chart-panel--county">
          <h2 className="scr-h">{t('screen.byCounty')}</h2>
          <div className="scr-chart">{countyOpt && <EChart option={countyOpt} theme="dark" ariaLabel={t('screen.byCounty')} testId="by-county" />}</div>
        </section>
        <section className="scr-panel scr-chart-panel scr-chart-panel--section">
          <h2 className="scr-h">{t('screen.bySection')}</h2>
          <div className="scr-chart">{sectionOpt && <EChart option={sectionOpt} theme="dark" ariaLabel={t('screen.bySection')} testId="by-section" />}</div>
        </section>
      </aside>

      <TargetsBand targets={targets} aims={aims} lang={lang} t={t} cityGoal={!!shownFilters.counties} emptyText={shared('measure.noTargets')} />

      <footer className="scr-footer">
        <a
          className="scr-print"
          href={printHref(parsed.state, { since: parseSince(new URLSearchParams(search).get('since')) })}
          target="_blank"
          rel="noopener"
          aria-label={printT(lang)('print.buttonLabel')}
          data-testid="print-link"
        >
          {printT(lang)('print.button')}
        </a>
        <span>{shared('map.attribution')}</span>
        {data.counties.boundaries && <span data-attribution="boundaries">{data.counties.boundaries.attribution}</span>}
        <span>{t('screen.schematic')}</span>
        {parsed.problems.length > 0 && (
          <span className="scr-problems" data-problems>
            {t('screen.problems', { list: parsed.problems.map((p) => `${p.parameter}=${p.value}`).join(', ') })}
          </span>
        )}
      </footer>
    </div>
  );
}

