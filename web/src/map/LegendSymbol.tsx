/** The symbol of a layer as drawn on the map, in SVG (same paths as the icon atlas), for legends and panels. */
import type { LayerInfo } from '../../../core/api';
import { ICON_PATHS, iconName } from './icons';
import type { Theme } from './style';
import { symbolColour } from './symbol-colour';

export interface LegendSymbolProps {
  layer: Pick<LayerInfo, 'id' | 'icon' | 'color' | 'geometry'>;
  /** `approximate` → hollow ring; `schematic` → dashed diamond (points) or dashed line. Default `surveyed`. */
  precision?: 'surveyed' | 'approximate' | 'schematic';
  /** Pixel size; default 22. */
  size?: number;
  /** The basemap theme the map draws on: the symbol takes the colour the map gives it there (symbol-colour.ts). Default `light`. */
  theme?: Theme;
}

export function LegendSymbol({ layer, precision = 'surveyed', size = 22, theme = 'light' }: LegendSymbolProps) {
  const c = symbolColour(layer.color, theme);
  if (layer.geometry === 'line') {
    return (
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
        <path d="M2 18 C8 6 16 18 22 6" fill="none" stroke={c} strokeWidth={3.5} strokeDasharray={precision === 'surveyed' ? undefined : '5 3'} />
      </svg>
    );
  }
  const d = ICON_PATHS[iconName(layer.icon, layer.id)];
  if (precision === 'schematic') {
    return (
      <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" data-symbol="schematic">
        <path d="M12 1.5 L22.5 12 L12 22.5 L1.5 12 Z" fill="#fff" stroke={c} strokeWidth={2} strokeDasharray="2.5 2" />
        <path d={d} fill={c} transform="translate(6.5 6.5) scale(0.46)" />
      </svg>
    );
  }
  const hollow = precision !== 'surveyed';
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true">
      {hollow ? (
        <>
          <circle cx={12} cy={12} r={10.5} fill="#fff" stroke={c} strokeWidth={2} strokeDasharray="3 1.5" />
          <path d={d} fill={c} transform="translate(4.8 4.8) scale(0.6)" />
        </>
      ) : (
        <>
          <circle cx={12} cy={12} r={11.5} fill={c} />
          <path d={d} fill="#fff" transform="translate(5.3 5.3) scale(0.56)" />
        </>
      )}
    </svg>
  );
}
