/** The features matching the filter, as a list a keyboard user can walk through. */
import type { ApiFeature, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { localName, type Translate } from '../i18n';
import { LegendSymbol } from '../map';

export function ResultsList({ features, layers, selectedId, lang, t, onSelect }: { features: readonly ApiFeature[]; layers: readonly LayerInfo[]; selectedId?: string; lang: Lang; t: Translate; onSelect: (id: string) => void }) {
  return (
    <section className="sgm-section" aria-labelledby="sgm-results-h">
      <h2 id="sgm-results-h" aria-live="polite">
        {features.length ? t('result.count', { count: features.length }) : t('result.empty')}
      </h2>
      <ul className="sgm-results">
        {features.map((f) => {
          const layer = layers.find((l) => l.id === f.properties.layer);
          return (
            <li key={f.properties.id}>
              <button type="button" className={f.properties.id === selectedId ? 'is-selected' : ''} aria-pressed={f.properties.id === selectedId} onClick={() => onSelect(f.properties.id)} data-feature-item={f.properties.id}>
                {layer && <LegendSymbol layer={layer} precision={f.properties.precision} size={18} />}
                <span>{localName(f.properties, lang)}</span>
                <span className="sgm-muted sgm-small">{lang === 'en' ? f.properties.name : f.properties.name_en}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
