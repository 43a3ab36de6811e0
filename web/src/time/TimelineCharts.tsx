/**
 * Progress over time in the planner (issue 19), from GET /api/stats/timeline for the page's filter:
 * the count by status at the end of each quarter (figures panel), and, for a selected measure, a
 * small chart per target of its reported progress against goal and deadline (small multiples).
 * Loaded lazily (with ECharts' line chart and mark lines), so the first page load does not carry
 * it. Each chart has its text alternative on the page: a sentence per target, a table per chart.
 */
import { useMemo } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { MarkLineComponent } from 'echarts/components';
import type { TimelineResponse } from '../../../core/api';
import { STATUSES, type Lang } from '../../../core/contract';
import { filterKey, type Filters } from '../../../core/filters';
import type { Measure } from '../../../core/schema';
import { EChart } from '../charts/EChart';
import { periodName, statusTimelineOption, targetProgressOption, targetProgressSummary } from '../charts/timeline-options';
import type { Translate } from '../i18n';
import { api, freshApi } from '../lib/api';
import { useApi, type ApiState } from '../lib/useApi';
import './time.css';

echarts.use([LineChart, MarkLineComponent]);

/** The timeline of the filter, read again when the filter or the page's edits change. */
export function useTimeline(filters: Filters, edits = 0): ApiState<TimelineResponse> {
  return useApi(() => (edits > 0 ? freshApi : api).timeline(filters), [filterKey(filters), edits]);
}

interface Props {
  filters: Filters;
  lang: Lang;
  t: Translate;
  edits?: number;
}

/** Figures panel: the count by status at the end of each quarter for the filter, with its table. */
export function StatusTimeline({ filters, lang, t, edits }: Props) {
  const state = useTimeline(filters, edits);
  const option = useMemo(() => (state.status === 'ready' ? statusTimelineOption(state.value.periods, lang) : undefined), [state, lang]);
  if (state.status === 'loading') return <p className="sgm-muted">{t('timeline.loading')}</p>;
  if (state.status === 'error') return <p role="alert">{t('timeline.unavailable', { message: state.message })}</p>;
  const { periods, history_start } = state.value;
  return (
    <figure className="sgm-section sgm-figure sgm-timeline" data-testid="status-timeline">
      <figcaption>{t('timeline.byStatus')}</figcaption>
      <p className="sgm-muted sgm-timeline-note">{history_start ? t('timeline.historyStart', { date: history_start }) : t('timeline.noHistory')}</p>
      <div className="sgm-chart" style={{ height: 220 }}>
        <EChart option={option!} ariaLabel={t('timeline.byStatus')} testId="status-timeline" />
      </div>
      <details className="sgm-timeline-data">
        <summary>{t('timeline.table')}</summary>
        <table className="sgm-table" data-testid="status-timeline-table">
          <caption className="sgm-visually-hidden">{t('timeline.byStatus')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('timeline.period')}</th>
              <th scope="col">{t('timeline.end')}</th>
              {STATUSES.map((s) => (
                <th scope="col" key={s}>
                  {t(`status.${s}`)}
                </th>
              ))}
              <th scope="col">{t('timeline.total')}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr key={p.label} data-period={p.label}>
                <th scope="row">{periodName(p, lang)}</th>
                <td>{p.end}</td>
                {STATUSES.map((s) => (
                  <td className="sgm-num" key={s} data-status={s} data-value={String(p.by_status[s])}>
                    {p.by_status[s]}
                  </td>
                ))}
                <td className="sgm-num" data-total={String(p.total)}>
                  {p.total}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Measure panel: one small chart per target of the measure, its reports against goal and deadline. */
export function TargetTimelines({ lang, t, edits, measure }: Omit<Props, 'filters'> & { measure: Pick<Measure, 'id' | 'targets'> }) {
  // Only the measure matters for the targets: one request per measure, whatever else is filtered.
  const state = useTimeline(useMemo(() => ({ measures: [measure.id] }), [measure.id]), edits);
  if (measure.targets.length === 0) return null;
  if (state.status === 'loading') return <p className="sgm-muted">{t('timeline.loading')}</p>;
  if (state.status === 'error') return <p role="alert">{t('timeline.unavailable', { message: state.message })}</p>;
  const series = state.value.targets.filter((s) => s.measure === measure.id);
  return (
    <section className="sgm-section sgm-timeline-targets" aria-labelledby="sgm-timeline-targets-h" data-testid="target-timelines">
      <h3 className="sgm-subhead" id="sgm-timeline-targets-h">
        {t('timeline.targets')}
      </h3>
      <div className="sgm-multiples">
        {series.map((s) => (
          <figure className="sgm-figure sgm-multiple" key={s.target} data-target-timeline={s.target} data-points={String(s.points.length)}>
            <figcaption>{lang === 'en' ? s.what_en : s.what}</figcaption>
            <div className="sgm-chart" style={{ height: 150 }}>
              <EChart option={targetProgressOption(s, lang, state.value.today, { fontSize: 11 })} ariaLabel={`${lang === 'en' ? s.what_en : s.what} — ${t('timeline.targets')}`} testId={`target-${s.target}`} />
            </div>
            <p className="sgm-muted sgm-timeline-note" data-summary={s.target}>
              {targetProgressSummary(s, lang)}
            </p>
          </figure>
        ))}
      </div>
    </section>
  );
}
