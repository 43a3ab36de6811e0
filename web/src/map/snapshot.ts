/** PNG of the map view with title, legend and date (browser only). */

export interface SnapshotLegendItem {
  label: string;
  color: string;
}

export interface SnapshotOptions {
  title: string;
  subtitle?: string;
  /** e.g. "制图日期 2026-11-24". */
  dateLine: string;
  legend: readonly SnapshotLegendItem[];
  /** Font stack for the text; local fonts only. */
  font?: string;
}

/** Draw the map canvas into a new canvas with a title band and a legend box; returns the new canvas. */
export function composeSnapshot(map: HTMLCanvasElement, o: SnapshotOptions): HTMLCanvasElement {
  const font = o.font ?? '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif';
  const band = 64;
  const out = document.createElement('canvas');
  out.width = map.width;
  out.height = map.height + band;
  const g = out.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(map, 0, band);
  g.fillStyle = '#1b3a2a';
  g.font = `600 24px ${font}`;
  g.textBaseline = 'top';
  g.fillText(o.title, 16, 10);
  g.font = `14px ${font}`;
  g.fillStyle = '#455a64';
  if (o.subtitle) g.fillText(o.subtitle, 16, 40);
  const dw = g.measureText(o.dateLine).width;
  g.fillText(o.dateLine, out.width - dw - 16, 40);
  // Legend box, bottom-left above the scale bar.
  const lh = 22;
  const w = Math.max(160, ...o.legend.map((i) => g.measureText(i.label).width + 48));
  const h = o.legend.length * lh + 16;
  const x = 12;
  const y = out.height - h - 40;
  g.fillStyle = 'rgba(255,255,255,0.9)';
  g.fillRect(x, y, w, h);
  g.strokeStyle = '#b0bec5';
  g.strokeRect(x + 0.5, y + 0.5, w, h);
  o.legend.forEach((item, i) => {
    g.fillStyle = item.color;
    g.beginPath();
    g.arc(x + 18, y + 8 + i * lh + lh / 2, 7, 0, Math.PI * 2);
    g.fill();
    g.fillStyle = '#263238';
    g.textBaseline = 'middle';
    g.fillText(item.label, x + 34, y + 8 + i * lh + lh / 2);
  });
  return out;
}
