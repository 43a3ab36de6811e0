/**
 * XLSX → records with `exceljs` (not `xlsx`: npm's `xlsx` 0.18.5 carries a prototype-pollution
 * advisory). The zip is checked first (zip-safety.ts). The first worksheet with data is read; its
 * first non-empty row is the header; row numbers are the sheet's (as Excel shows them). Formula
 * cells give their cached result, rich text its plain text, hyperlinks their text, dates YYYY-MM-DD.
 */
import type ExcelJS from 'exceljs';
import { ImportError } from '../errors';
import type { ImportLimits } from '../limits';
import { yielder, type SourceRecord, type SourceTable } from '../source';
import { isZip, listZip } from '../zip-safety';

function cellText(v: ExcelJS.CellValue): string | number | boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText((v as { result?: ExcelJS.CellValue }).result ?? null);
    if ('text' in v) return cellText((v as { text: ExcelJS.CellValue }).text);
    if ('error' in v) return null;
  }
  return String(v);
}

export async function parseXlsx(bytes: Uint8Array, name: string, limits: ImportLimits): Promise<SourceTable> {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0)
    throw new ImportError(415, 'wrong_format', `"${name.slice(0, 80)}" is an Excel 97–2003 workbook (.xls), which is not read; save it as .xlsx or CSV.`, { field: 'file' });
  if (!isZip(bytes)) throw new ImportError(415, 'wrong_format', `"${name.slice(0, 80)}" is named .xlsx but is not an Excel workbook (an .xlsx is a zip archive; this file is not). Save it from Excel as .xlsx, or upload it as what it is.`, { field: 'file' });
  const entries = listZip(bytes, limits, 'workbook');
  if (!entries.some((e) => e.name === 'xl/workbook.xml'))
    throw new ImportError(415, 'wrong_format', `"${name.slice(0, 80)}" is a zip archive but not an Excel workbook (it has no xl/workbook.xml).`, { field: 'file' });
  // Loaded on first use: exceljs takes about a second to load, and most imports are not XLSX.
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ImportError(422, 'bad_xlsx', `The workbook cannot be read: ${(e as Error).message.slice(0, 120)}.`, { field: 'file' });
  }
  const sheets = wb.worksheets.filter((s) => s.actualRowCount > 0);
  const sheet = sheets[0];
  if (!sheet) throw new ImportError(422, 'empty_file', 'The workbook has no sheet with data.', { field: 'file' });
  const notes = sheets.length > 1 ? [`sheet "${sheet.name}" was read; ${sheets.length - 1} other sheet(s) with data were not (${sheets.slice(1).map((s) => s.name).join(', ')})`] : [];
  if (sheet.actualRowCount - 1 > limits.maxRows)
    throw new ImportError(413, 'too_many_rows', `The sheet has ${sheet.actualRowCount - 1} rows, more than the limit of ${limits.maxRows} (IMPORT_MAX_ROWS); split it.`);
  let headers: string[] | undefined;
  const records: SourceRecord[] = [];
  const rows: ExcelJS.Row[] = [];
  const pause = yielder();
  sheet.eachRow({ includeEmpty: false }, (row) => void rows.push(row));
  for (const row of rows) {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (!headers) {
      headers = values.map((v, i) => (v === null || v === '' ? `column${i + 1}` : String(v).trim()));
      const dup = headers.find((h, i) => headers!.indexOf(h) !== i);
      if (dup) throw new ImportError(422, 'duplicate_column', `Column "${dup.slice(0, 40)}" appears twice in the header row; give each column its own name.`, { row: row.number, field: dup.slice(0, 40) });
      continue;
    }
    if (values.every((v) => v === null || v === '')) continue;
    const fields: SourceRecord['fields'] = {};
    headers.forEach((h, i) => (fields[h] = typeof values[i] === 'string' ? (values[i] as string).trim() : (values[i] ?? '')));
    records.push({ row: row.number, fields });
    const wait = pause();
      if (wait) await wait;
  }
  if (!headers) throw new ImportError(422, 'empty_file', 'The sheet is empty.', { field: 'file' });
  if (records.length === 0) throw new ImportError(422, 'empty_file', 'The sheet has a header row but no rows.', { row: 2 });
  return { format: 'xlsx', headers, records, notes, rowLabel: 'row' };
}
