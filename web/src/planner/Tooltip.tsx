import type { CountiesResponse, LayerInfo } from '../../../core/api';
import type { Lang } from '../../../core/contract';
import { bilingualName, localName, type Translate } from '../i18n';
import { useHover, type HoverStore } from '../lib/hoverStore';

/** The hovered feature or county by the pointer; re-renders on its own as the pointer moves. */
export function Tooltip({ store, layers, counties, lang, t }: { store: HoverStore; layers: readonly LayerInfo[]; counties: CountiesResponse; lang: Lang; t: Translate }) {
  const hover = useHover(store);
  if (!hover) return null;
  const style = { left: hover.x + 14, top: hover.y + 14 };
  if (hover.feature) {
    const p = hover.feature.properties;
    const layer = layers.find((l) => l.id === p.layer);
    return (
      <div className="sgm-tooltip" style={style} role="status">
        <strong>{bilingualName(p, lang)}</strong>
        <div>
          {layer ? localName(layer, lang) : p.layer} · {t(`status.${p.status}`)} · {t(`precision.${p.precision}`)}
        </div>
        <div className="sgm-muted">{t('tooltip.more')}</div>
      </div>
    );
  }
  const c = counties.features.find((f) => f.properties.code === hover.county);
  return c ? (
    <div className="sgm-tooltip" style={style} role="status">
      <strong>{bilingualName(c.properties, lang)}</strong>
    </div>
  ) : null;
}
