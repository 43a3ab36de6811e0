/** Everything known about one feature, and where in the plan it comes from. */
import type { ApiFeature, LayerInfo } from '../../../core/api';
import { COUNTIES, MANAGEMENT_ZONES, type Lang } from '../../../core/contract';
import type { Measure } from '../../../core/schema';
import { bilingualName, localLocationNote, localName, type Translate } from '../i18n';
import { measureNumeral } from '../lib/format';
import { locationBasis, sourceLine, sourceUrl } from '../lib/sources';
import { HistoryPanel } from './HistoryPanel';

export interface DetailPanelProps {
  id: string;
  feature: ApiFeature | undefined;
  layers: readonly LayerInfo[];
  measures: readonly Measure[];
  lang: Lang;
  t: Translate;
  onMeasure: (id: number) => void;
  onClose: () => void;
  /** Editors: imports in the history can be reverted from here; called after a revert. */
  onReverted?: () => void;
}

export function DetailPanel({ id, feature, layers, measures, lang, t, onMeasure, onClose, onReverted }: DetailPanelProps) {
  const head = (title: string) => (
    <div className="sgm-section-head">
      <h2 id="sgm-detail-h">{title}</h2>
      <button type="button" className="sgm-icon-btn" onClick={onClose} aria-label={t('detail.close')}>
        ×
      </button>
    </div>
  );
  if (!feature)
    return (
      <section className="sgm-section sgm-detail" aria-labelledby="sgm-detail-h">
        {head(t('panel.details'))}
        <p role="alert">{t('detail.notFound', { id })}</p>
      </section>
    );
  const p = feature.properties;
  const layer = layers.find((l) => l.id === p.layer);
  const zone = MANAGEMENT_ZONES.find((z) => z.id === p.zone || z.name === p.zone);
  return (
    <section className="sgm-section sgm-detail" aria-labelledby="sgm-detail-h" data-detail={p.id}>
      {head(localName(p, lang))}
      <p className="sgm-muted">{lang === 'en' ? p.name : p.name_en}</p>
      <dl className="sgm-dl">
        <dt>{t('detail.layer')}</dt>
        <dd>{layer ? bilingualName(layer, lang) : p.layer}</dd>
        <dt>{t('detail.counties')}</dt>
        <dd>
          {p.counties.map((c) => localName(COUNTIES.find((x) => x.code === c) ?? { name: c }, lang)).join('、') || (p.outside ? '—' : t('detail.citywide'))}
          {p.outside && <div className="sgm-muted">{t('detail.outside')}</div>}
          {p.precision === 'schematic' && p.counties.length > 0 && <div className="sgm-muted">{t('detail.planCounties')}</div>}
        </dd>
        {p.zone && (
          <>
            <dt>{t('detail.zone')}</dt>
            <dd>{zone ? localName(zone, lang) : p.zone}</dd>
          </>
        )}
        <dt>{t('detail.measures')}</dt>
        <dd>
          <ul className="sgm-chips">
            {p.measures.map((m) => {
              const measure = measures.find((x) => x.id === m);
              return (
                <li key={m}>
                  <button type="button" onClick={() => onMeasure(m)} title={t('detail.filterByMeasure')} data-measure-link={m}>
                    {t('measure.label', { id: m, numeral: measureNumeral(m) })}
                    {measure ? ` ${lang === 'en' ? measure.title_en : measure.title}` : ''}
                  </button>
                </li>
              );
            })}
          </ul>
        </dd>
        <dt>{t('detail.status')}</dt>
        <dd>
          <span className={`sgm-status sgm-status--${p.status}`}>{t(`status.${p.status}`)}</span>
          {p.status_date && (
            <div className="sgm-muted" data-status-date={p.status_date}>
              {p.status_date}
              {p.status_evidence ? ` · ${p.status_evidence.title}` : ''}
            </div>
          )}
        </dd>
        <dt>{t('detail.clause')}</dt>
        <dd>{p.clause}</dd>
        <dt>{t('detail.quote')}</dt>
        <dd>
          <blockquote lang="zh-CN">{p.quote}</blockquote>
        </dd>
        {p.aims.length > 0 && (
          <>
            <dt>{t('detail.aims')}</dt>
            <dd>{p.aims.map((a) => localName(a, lang)).join('；')}</dd>
          </>
        )}
        <dt>{t('detail.precision')}</dt>
        <dd>{t(`precision.${p.precision}`)}</dd>
        <dt>{t('detail.locationNote')}</dt>
        <dd>{localLocationNote(p, lang)}</dd>
        <dt>{t('detail.locationSource')}</dt>
        <dd data-location-source={locationBasis(p)}>{t(`detail.locationSource.${locationBasis(p)}`)}</dd>
        {p.existing && (
          <>
            <dt>{t('detail.existing')}</dt>
            <dd data-existing>
              {p.existing.since !== null ? t('detail.existingSince', { year: p.existing.since }) : t('detail.existingYearUnknown')}
              {' · '}
              {p.existing.source ? sourceLine(p.existing.source) : t('detail.sourceNotFound')}
            </dd>
          </>
        )}
        <dt>{t('detail.sources')}</dt>
        <dd data-sources={p.sources.length}>
          {p.sources.length === 0 ? (
            t('detail.noSources')
          ) : (
            <ul>
              {p.sources.map((s) => {
                const url = sourceUrl(s);
                return <li key={sourceLine(s)}>{url ? <a href={url} target="_blank" rel="noreferrer noopener">{sourceLine(s)}</a> : sourceLine(s)}</li>;
              })}
            </ul>
          )}
        </dd>
      </dl>
      <details className="sgm-history-tab" data-history-tab>
        <summary>{t('history.title')}</summary>
        <HistoryPanel id={p.id} lang={lang} t={t} version={feature} onReverted={onReverted} />
      </details>
    </section>
  );
}
