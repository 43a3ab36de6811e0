/**
 * Point symbols, drawn by us (no icon fetch): one pictogram per layer icon name, in a 24-unit
 * box as SVG path data. The same paths draw the deck.gl icon atlas (canvas) and the legend (SVG).
 * Each comes in two forms: `solid` (a filled badge with the pictogram cut out) for surveyed
 * locations and `hollow` (a ring around the pictogram) for approximate ones.
 */

export const ICON_PATHS: Readonly<Record<string, string>> = {
  factory: 'M3 20V10l5 3V10l5 3V10l5 3V4h3v16z',
  mountain: 'M1 20 8.5 7l4.5 7 3-4 7 10z',
  bird: 'M2 11c3-1 5 0 7 2 1-4 4-7 9-7l4 1-3 2c0 6-5 10-11 10H4l3-3C5 16 3 14 2 11z',
  truck: 'M1 5h13v11H1zM15 8h4l4 4v4h-8zM3 17a2.5 2.5 0 1 0 5 0zM16 17a2.5 2.5 0 1 0 5 0z',
  flame: 'M12 2c1 4 6 6 6 12a6 6 0 0 1-12 0c0-3 2-5 3-7 1 2 1 3 3 4 0-3-1-6 0-9z',
  leaf: 'M4 20C4 9 10 4 21 3c0 11-5 17-15 17 2-4 5-7 9-10-4 2-7 5-9 9z',
  dot: 'M12 5a7 7 0 1 0 .01 0z',
};

/**
 * The pictogram of each contract layer (docs/contract.md), used when a layer's `icon` is not a
 * pictogram name. data/layers.json names pictograms directly; anything else is drawn as a dot.
 */
const BY_LAYER_ID: Readonly<Record<string, string>> = {
  'green-parks': 'factory',
  'scenic-areas': 'mountain',
  'gas-pipelines': 'flame',
  'bird-habitats': 'bird',
  'cold-chain-bases': 'truck',
};

/** The pictogram name for a layer's `icon` (falling back to its id, then `dot`). */
export function iconName(icon: string | undefined, layerId?: string): string {
  for (const k of [icon, layerId]) {
    if (!k) continue;
    if (ICON_PATHS[k]) return k;
    if (BY_LAYER_ID[k]) return BY_LAYER_ID[k];
  }
  return 'dot';
}

export const ICON_CELL = 64;

export interface IconMappingEntry {
  x: number;
  y: number;
  width: number;
  height: number;
  anchorY: number;
  mask: true;
}

/** Atlas layout: row 0 solid, row 1 hollow, row 2 schematic; key `${name}`, `${name}-hollow` or `${name}-schematic`. */
export function iconMapping(): Record<string, IconMappingEntry> {
  const out: Record<string, IconMappingEntry> = {};
  Object.keys(ICON_PATHS).forEach((name, i) => {
    const cell = { width: ICON_CELL, height: ICON_CELL, anchorY: ICON_CELL / 2, mask: true as const };
    out[name] = { x: i * ICON_CELL, y: 0, ...cell };
    out[`${name}-hollow`] = { x: i * ICON_CELL, y: ICON_CELL, ...cell };
    out[`${name}-schematic`] = { x: i * ICON_CELL, y: 2 * ICON_CELL, ...cell };
  });
  return out;
}

/**
 * Icon key for a feature: solid where surveyed, a hollow ring where approximate, a dashed diamond
 * where schematic (a marker that only stands for a place whose site is not known).
 */
export function iconKey(name: string, precision: string): string {
  if (precision === 'surveyed') return name;
  return precision === 'schematic' ? `${name}-schematic` : `${name}-hollow`;
}

let atlas: HTMLCanvasElement | null = null;

/** Draw (once) the icon atlas as a white mask; deck.gl tints it per layer. Browser only. */
export function iconAtlas(): HTMLCanvasElement {
  if (atlas) return atlas;
  const names = Object.keys(ICON_PATHS);
  const c = document.createElement('canvas');
  c.width = names.length * ICON_CELL;
  c.height = 3 * ICON_CELL;
  const g = c.getContext('2d')!;
  const half = ICON_CELL / 2;
  names.forEach((name, i) => {
    const path = new Path2D(ICON_PATHS[name]);
    // Solid: a disc with the pictogram cut out.
    g.save();
    g.translate(i * ICON_CELL, 0);
    g.fillStyle = '#fff';
    g.beginPath();
    g.arc(half, half, half - 2, 0, Math.PI * 2);
    g.fill();
    g.globalCompositeOperation = 'destination-out';
    g.translate(half - 18, half - 18);
    g.scale(1.5, 1.5);
    g.fill(path);
    g.restore();
    // Hollow: a ring with the pictogram inside.
    g.save();
    g.translate(i * ICON_CELL, ICON_CELL);
    g.strokeStyle = '#fff';
    g.lineWidth = 5;
    g.setLineDash([7, 4]);
    g.beginPath();
    g.arc(half, half, half - 4, 0, Math.PI * 2);
    g.stroke();
    g.fillStyle = '#fff';
    g.translate(half - 15, half - 15);
    g.scale(1.25, 1.25);
    g.fill(path);
    g.restore();
    // Schematic: a dashed diamond with a smaller pictogram — not a place, a stand-in.
    g.save();
    g.translate(i * ICON_CELL, 2 * ICON_CELL);
    g.strokeStyle = '#fff';
    g.lineWidth = 4;
    g.setLineDash([5, 4]);
    g.beginPath();
    g.moveTo(half, 3);
    g.lineTo(ICON_CELL - 3, half);
    g.lineTo(half, ICON_CELL - 3);
    g.lineTo(3, half);
    g.closePath();
    g.stroke();
    g.fillStyle = '#fff';
    g.translate(half - 11, half - 11);
    g.scale(0.92, 0.92);
    g.fill(path);
    g.restore();
  });
  atlas = c;
  return c;
}

/**
 * One icon of the atlas (`key` as in {@link iconMapping}) tinted in `colour`, for MapLibre's
 * `map.addImage` (tile mode, tile-style.ts): the same shape deck.gl tints in the GeoJSON mode. Browser only.
 */
export function tintedIcon(key: string, colour: string): ImageData {
  const cell = iconMapping()[key] ?? iconMapping().dot;
  const c = document.createElement('canvas');
  c.width = c.height = ICON_CELL;
  const g = c.getContext('2d')!;
  g.drawImage(iconAtlas(), cell.x, cell.y, ICON_CELL, ICON_CELL, 0, 0, ICON_CELL, ICON_CELL);
  g.globalCompositeOperation = 'source-in';
  g.fillStyle = colour;
  g.fillRect(0, 0, ICON_CELL, ICON_CELL);
  return g.getImageData(0, 0, ICON_CELL, ICON_CELL);
}
