/**
 * The screen's own URL parameters besides the shared ones (docs/contract.md): `tour=county|measure|time|off`
 * `interval=` seconds per tour stop and `refresh=` seconds between data refreshes. Never throws: a bad value falls back to the default and is
 * reported, like every other ignored parameter.
 */
import type { ParamProblem } from '../../../core/filters';

export const TOUR_MODES = ['county', 'measure', 'time', 'off'] as const;
export type TourMode = (typeof TOUR_MODES)[number];

export const DEFAULT_TOUR: TourMode = 'county';
export const DEFAULT_INTERVAL_S = 20;
export const MIN_INTERVAL_S = 1;
export const MAX_INTERVAL_S = 3600;

/** Parameters only this view reads (passed to parseUrlState as `extraParams`). */
export const SCREEN_PARAMS = ['tour', 'interval', 'refresh', 'since'] as const;

export const DEFAULT_REFRESH_S = 60;
export const MIN_REFRESH_S = 2;
export const MAX_REFRESH_S = 3600;

export interface ScreenParams {
  tour: TourMode;
  /** Seconds each tour stop is shown. */
  interval: number;
  /** Seconds between data refreshes while online. */
  refresh: number;
}

export function parseScreenParams(params: URLSearchParams): { params: ScreenParams; problems: ParamProblem[] } {
  const problems: ParamProblem[] = [];
  const out: ScreenParams = { tour: DEFAULT_TOUR, interval: DEFAULT_INTERVAL_S, refresh: DEFAULT_REFRESH_S };

  const tour = params.get('tour');
  if (tour !== null) {
    const v = tour.trim();
    if ((TOUR_MODES as readonly string[]).includes(v)) out.tour = v as TourMode;
    else
      problems.push({
        parameter: 'tour',
        value: v.slice(0, 40),
        message: `Unknown tour "${v.slice(0, 40)}"; allowed: ${TOUR_MODES.join(', ')}.`,
      });
  }

  const interval = params.get('interval');
  if (interval !== null) {
    const v = interval.trim();
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (Number.isFinite(n) && n >= MIN_INTERVAL_S && n <= MAX_INTERVAL_S) out.interval = n;
    else
      problems.push({
        parameter: 'interval',
        value: v.slice(0, 40),
        message: `Interval "${v.slice(0, 40)}" is not a number of seconds from ${MIN_INTERVAL_S} to ${MAX_INTERVAL_S}; using ${DEFAULT_INTERVAL_S}.`,
      });
  }
  const refresh = params.get('refresh');
  if (refresh !== null) {
    const v = refresh.trim();
    const n = /^\d+(\.\d+)?$/.test(v) ? Number(v) : NaN;
    if (Number.isFinite(n) && n >= MIN_REFRESH_S && n <= MAX_REFRESH_S) out.refresh = n;
    else
      problems.push({
        parameter: 'refresh',
        value: v.slice(0, 40),
        message: `Refresh "${v.slice(0, 40)}" is not a number of seconds from ${MIN_REFRESH_S} to ${MAX_REFRESH_S}; using ${DEFAULT_REFRESH_S}.`,
      });
  }
  return { params: out, problems };
}
