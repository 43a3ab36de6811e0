/** Layer toggles with symbol, colour and count under the filter, and the legend of precisions. */
import type { LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import type { Filters } from '../../../core/filters';
import { localName, type Translate } from '../i18n';
import { isLayerVisible } from '../lib/urlState';
import { LegendSymbol } from '../map';

export interface LayerPanelProps {
  layers: readonly LayerInfo[];
  filters: Filters;
  counts: Record<string, number>;
  lang: Lang;
  t: Translate;
  onToggle: (id: string) => void;
}

export function LayerPanel({ layers, filters, counts, lang, t, onToggle }: LayerPanelProps) {
  const sample = layers.find((l) => l.geometry !== 'line') ?? layers[0];
  const line = layers.find((l) => l.geometry === 'line');
  return (
    <section className="sgm-section" aria-labelledby="sgm-layers-h">
      <h2 id="sgm-layers-h">{t('panel.layers')}</h2>
      <ul className="sgm-layers">
        {layers.map((l) => {
          const on = isLayerVisible(filters, l.id);
          return (
            <li key={l.id}>
              <label className={`sgm-layer ${on ? '' : 'is-off'}`} title={lang === 'en' ? l.description_en : l.description}>
                <input type="checkbox" checked={on} onChange={() => onToggle(l.id)} data-layer-toggle={l.id} aria-label={t('layer.toggle', { name: localName(l, lang) })} />
                <LegendSymbol layer={l} />
                <span className="sgm-layer-name">{localName(l, lang)}</span>
                <span className="sgm-count" data-layer-count={l.id}>
                  {t('layer.count', { count: counts[l.id] ?? 0 })}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      <h3 className="sgm-subhead">{t('panel.legend')}</h3>
      <ul className="sgm-legend">
        {sample && (
          <>
            <li>
              <LegendSymbol layer={{ ...sample, color: '#546e7a' }} size={18} /> {t('legend.surveyed')}
            </li>
            <li>
              <LegendSymbol layer={{ ...sample, color: '#546e7a' }} precision="approximate" size={18} /> {t('legend.approximate')}
            </li>
            <li data-legend="schematic-point">
              <LegendSymbol layer={{ ...sample, color: '#546e7a' }} precision="schematic" size={18} /> {t('legend.schematicPoint')}
            </li>
          </>
        )}
        <li>
          <LegendSymbol layer={{ ...(line ?? sample), geometry: 'line', color: '#546e7a' }} precision="schematic" size={18} /> {t('legend.schematic')}
        </li>
        <li>
          <span className="sgm-swatch sgm-swatch--selected" /> {t('legend.selected')}
        </li>
        <li>
          <span className="sgm-swatch sgm-swatch--context" /> {t('legend.context')}
        </li>
      </ul>
    </section>
  );
}
