/** Figures for the current filter, from /api/stats: counts per layer, km / km² per county. */
import { lazy, Suspense } from 'react';
import type { LayerInfo, StatsResponse } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { localName, type Translate } from '../i18n';
import { formatNumber } from '../lib/format';
import { countyFigures } from './countyFigures';
import type { StatsState } from './useStats';

const MeasureCountyChart = lazy(() => import('./MeasureCountyChart'));

function Bars({ rows, label, lang, figure }: { rows: { key: string; label: string; value: number; color?: string }[]; label: string; lang: Lang; figure: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  return (
    <table className="sgm-bars">
      <caption>{label}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row">{r.label}</th>
            <td>
              <span className="sgm-bar" style={{ width: `${(r.value / max) * 100}%`, background: r.color }} />
            </td>
            <td className="sgm-num" data-figure={`${figure}:${r.key}`} data-value={String(r.value)}>
              {formatNumber(r.value, lang)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export interface FiguresProps {
  state: StatsState;
  layers: readonly LayerInfo[];
  lang: Lang;
  t: Translate;
  /** The one selected measure, whose features are charted by county. */
  measureId?: number;
  selectedCounties?: readonly string[];
  onCounty?: (code: string) => void;
}

export function Figures({ state, layers, lang, t, measureId, selectedCounties, onCounty }: FiguresProps) {
  if (state.status === 'loading') return <p className="sgm-muted">{t('app.loading')}</p>;
  if (state.status === 'error') return <p role="alert">{t('figures.unavailable', { message: state.message })}</p>;
  const s: StatsResponse = state.value;
  const layerName = (id: string) => {
    const l = layers.find((x) => x.id === id);
    return l ? localName(l, lang) : id;
  };
  const { rows: counties, habitatKm2Known, habitatsWithoutExtent, pipelineKmKnown, pipelinesSchematic, citywide } = countyFigures(s);
  return (
    <section className="sgm-section" aria-labelledby="sgm-figures-h" data-testid="figures">
      <h2 id="sgm-figures-h">{t('panel.figures')}</h2>
      <p className="sgm-total" data-total={s.totals.features} data-figure="total" data-value={String(s.totals.features)}>
        {t('figures.total', { count: s.totals.features })}
      </p>
      <Bars
        label={t('figures.byLayer')}
        figure="layer"
        lang={lang}
        rows={s.layers.map((l) => ({ key: l.id, label: layerName(l.id), value: l.count, color: layers.find((x) => x.id === l.id)?.color }))}
      />
      {measureId !== undefined && (
        <figure className="sgm-figure">
          <figcaption>{t('figures.measureByCounty')}</figcaption>
          <Suspense fallback={<p className="sgm-muted">{t('app.loading')}</p>}>
            <MeasureCountyChart stats={s} lang={lang} label={t('figures.measureByCounty')} selectedCounties={selectedCounties} onCounty={onCounty} />
          </Suspense>
        </figure>
      )}
      {counties.length > 0 && (
        <table className="sgm-table">
          <caption>{t('figures.byCounty')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('figures.county')}</th>
              <th scope="col">{t('figures.count')}</th>
              {pipelineKmKnown && <th scope="col">{t('figures.pipelineKm')}</th>}
              {habitatKm2Known && <th scope="col">{t('figures.habitatKm2')}</th>}
            </tr>
          </thead>
          <tbody>
            {counties.map((c) => (
              <tr key={c.code}>
                <th scope="row">{localName(c, lang)}</th>
                <td className="sgm-num" data-figure={`county:${c.code}`} data-value={String(c.count)}>
                  {c.count}
                </td>
                {pipelineKmKnown && (
                  <td className="sgm-num" data-figure={`county-pipeline-km:${c.code}`} data-value={String(c.pipelineKm ?? 0)}>
                    {formatNumber(c.pipelineKm ?? 0, lang)}
                  </td>
                )}
                {habitatKm2Known && (
                  <td className="sgm-num" data-figure={`county-habitat-km2:${c.code}`} data-value={String(c.habitatKm2 ?? 0)}>
                    {formatNumber(c.habitatKm2 ?? 0, lang)}
                  </td>
                )}
              </tr>
            ))}
            {citywide > 0 && (
              <tr data-row="citywide">
                <th scope="row">{t('figures.citywide')}</th>
                <td className="sgm-num" data-figure="citywide" data-value={String(citywide)}>
                  {citywide}
                </td>
                {pipelineKmKnown && <td className="sgm-num">—</td>}
                {habitatKm2Known && <td className="sgm-num">—</td>}
              </tr>
            )}
          </tbody>
        </table>
      )}
      {pipelinesSchematic > 0 && (
        <p className="sgm-muted" data-testid="pipeline-length-note">
          {t('figures.pipelinesNoLength', { count: pipelinesSchematic })}
        </p>
      )}
      {!habitatKm2Known && habitatsWithoutExtent > 0 && (
        <p className="sgm-muted" data-testid="habitat-extent-note">
          {t('figures.habitatNoExtent', { count: habitatsWithoutExtent })}
        </p>
      )}
    </section>
  );
}
