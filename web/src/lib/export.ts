/**
 * Export of the current selection: GeoJSON (RFC 7946) and CSV (UTF-8 with BOM so Excel reads
 * Chinese). Pure builders plus one browser-only download helper.
 */
import type { ApiFeature } from '../../../core/api';
import type { Translate } from '../i18n';
import { representativePoint } from '../map/geometry';

export const CSV_BOM = '\uFEFF';

/** One CSV cell, quoted when it holds a comma, quote, or line break (RFC 4180). Formula-leading cells are prefixed with '. */
export function csvCell(v: unknown): string {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const COLUMNS = ['id', 'name', 'name_en', 'layer', 'counties', 'measures', 'status', 'precision', 'clause', 'quote', 'lon', 'lat'] as const;

/** CSV text (with BOM, CRLF line ends) of features; headers in the UI language. */
export function featuresToCsv(features: readonly ApiFeature[], t: Translate): string {
  const header = COLUMNS.map((c) => csvCell(t(`csv.${c}`))).join(',');
  const rows = features.map((f) => {
    const p = f.properties;
    const pt = representativePoint(f.geometry);
    const values: Record<(typeof COLUMNS)[number], unknown> = {
      id: p.id,
      name: p.name,
      name_en: p.name_en,
      layer: p.layer,
      counties: p.counties.join(' '),
      measures: p.measures.join(' '),
      status: p.status,
      precision: p.precision,
      clause: p.clause,
      quote: p.quote,
      lon: pt ? pt[0].toFixed(5) : '',
      lat: pt ? pt[1].toFixed(5) : '',
    };
    return COLUMNS.map((c) => csvCell(values[c])).join(',');
  });
  return CSV_BOM + [header, ...rows].join('\r\n') + '\r\n';
}

/** A FeatureCollection of the given features, pretty-printed. */
export function featuresToGeoJson(features: readonly ApiFeature[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features }, null, 2);
}

/** File name stem for exports, e.g. `shangrao-green-map-2026-11-24`. */
export function exportName(date: string): string {
  return `shangrao-green-map-${date}`;
}

/** Offer a Blob as a download (browser only). */
export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
