/**
 * Export files of features (already in the coordinates asked for): GeoJSON, CSV (UTF-8 with BOM,
 * CRLF, RFC 4180 quoting, formula-leading cells prefixed with ') and XLSX (exceljs).
 */
import type ExcelJS from 'exceljs';
import type { Feature } from 'geojson';
import { columnsOf, rowOf, type Cell } from './rows';

export function geojsonFile(features: readonly Feature[], crsNote?: string): string {
  return JSON.stringify({ type: 'FeatureCollection', ...(crsNote ? { crs_note: crsNote } : {}), features });
}

export function csvCell(v: Cell): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvFile(features: readonly Feature[]): string {
  const columns = columnsOf(features);
  const lines = [columns.map(csvCell).join(','), ...features.map((f) => rowOf(f, columns).map(csvCell).join(','))];
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export async function xlsxFile(features: readonly Feature[], sheetName = 'features'): Promise<Uint8Array> {
  const columns = columnsOf(features);
  // Loaded on first use: exceljs takes about half a second to load, which every start paid.
  const { default: Excel } = await import('exceljs');
  const wb: ExcelJS.Workbook = new Excel.Workbook();
  const ws = wb.addWorksheet(sheetName);
  ws.addRow(columns);
  for (const f of features) ws.addRow(rowOf(f, columns));
  ws.getRow(1).font = { bold: true };
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
