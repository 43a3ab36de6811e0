/**
 * CSV (and tab- or semicolon-separated text) → records, with `csv-parse`. The separator is the one
 * of `,` `\t` `;` that the header line uses most (outside quotes). Row numbers are file lines
 * (the header is line 1), as a spreadsheet shows them.
 */
import { parse } from 'csv-parse';
import { decodeText } from '../decode';
import { ImportError } from '../errors';
import type { ImportLimits } from '../limits';
import { yielder, yieldToLoop, type SourceRecord, type SourceTable } from '../source';

function sniffDelimiter(firstLine: string): string {
  let best = ',';
  let most = -1;
  for (const d of [',', '\t', ';']) {
    let n = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && ch === d) n++;
    }
    if (n > most) [best, most] = [d, n];
  }
  return best;
}

export async function parseCsv(bytes: Uint8Array, limits: ImportLimits): Promise<SourceTable> {
  const { text, encoding } = decodeText(bytes, 'CSV file');
  if (text.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty: there is no header line and no row.');
  const delimiter = sniffDelimiter(text.slice(0, text.search(/\r?\n|$/)));
  const parser = parse({ delimiter, relax_column_count: true, skip_empty_lines: true, bom: true, info: true, trim: true });
  // Fed in slices with a turn of the event loop between them: given the whole text at once,
  // csv-parse would read every record in one go and hold other requests up meanwhile.
  const feeding = (async () => {
    for (let i = 0; i < text.length; i += 32_768) {
      if (!parser.write(text.slice(i, i + 32_768))) await new Promise((ok) => parser.once('drain', ok));
      await yieldToLoop();
    }
    parser.end();
  })();
  feeding.catch(() => {});
  let headers: string[] | undefined;
  const records: SourceRecord[] = [];
  const notes: string[] = [];
  const pause = yielder();
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!headers) {
        headers = record.map((h, i) => h || `column${i + 1}`);
        const dup = headers.find((h, i) => headers!.indexOf(h) !== i);
        if (dup) throw new ImportError(422, 'duplicate_column', `Column "${dup.slice(0, 40)}" appears twice in the header line; give each column its own name.`, { row: 1, field: dup.slice(0, 40) });
        continue;
      }
      if (record.every((v) => v === '')) continue;
      if (records.length >= limits.maxRows)
        throw new ImportError(413, 'too_many_rows', `The file has more than ${limits.maxRows} rows (the limit, IMPORT_MAX_ROWS); split it into smaller files.`, { row: info.lines });
      const fields: Record<string, string> = {};
      headers.forEach((h, i) => (fields[h] = record[i] ?? ''));
      if (record.length > headers.length && record.slice(headers.length).some((v) => v !== ''))
        notes.push(`line ${info.lines}: ${record.length - headers.length} value(s) beyond the header's ${headers.length} columns were ignored`);
      records.push({ row: info.lines, fields });
      const wait = pause();
      if (wait) await wait;
    }
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const err = e as Error & { lines?: number };
    throw new ImportError(422, 'bad_csv', `The CSV cannot be read at line ${err.lines ?? '?'}: ${err.message.slice(0, 160)}.`, { row: err.lines });
  }
  await feeding;
  if (!headers) throw new ImportError(422, 'empty_file', 'The file is empty: there is no header line and no row.');
  if (records.length === 0) throw new ImportError(422, 'empty_file', 'The file has a header line but no rows.', { row: 2 });
  return { format: 'csv', headers, records, encoding, notes: notes.slice(0, 20), rowLabel: 'line' };
}
