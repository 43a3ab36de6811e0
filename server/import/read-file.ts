/**
 * An uploaded file → a SourceTable, by its name and its first bytes. A file whose content does not
 * match its name (an "XLSX" that is not a zip, say) is refused, naming both.
 */
import { ImportError } from './errors';
import { ACCEPTED } from './formats-list';
import { parseCsv } from './formats/csv';
import { parseGeojson } from './formats/geojson';
import { parseShapefileZip } from './formats/shapefile';
import { parseXlsx } from './formats/xlsx';
import { parseGpx, parseKml, parseKmz } from './formats/xml-geo';
import { isZip } from './zip-safety';
import type { ImportLimits } from './limits';
import type { SourceTable } from './source';


// The list lives apart from the parsers (formats-list.ts), so the API names the formats without loading them.
export { ACCEPTED, FORMATS } from './formats-list';

const extOf = (name: string) => (/\.[a-z0-9]+$/i.exec(name)?.[0] ?? '').toLowerCase();

export async function readUpload(name: string, bytes: Uint8Array, limits: ImportLimits): Promise<SourceTable> {
  if (bytes.length === 0) throw new ImportError(422, 'empty_file', `The file "${name.slice(0, 80)}" is empty (0 bytes).`, { field: 'file' });
  if (bytes.length > limits.maxBytes) throw new ImportError(413, 'file_too_large', `The file is ${bytes.length} bytes, more than the limit of ${limits.maxBytes} (IMPORT_MAX_BYTES).`, { field: 'file' });
  const ext = extOf(name);
  switch (ext) {
    case '.geojson':
    case '.json':
      return parseGeojson(bytes, limits);
    case '.csv':
    case '.txt':
    case '.tsv':
      if (bytes[0] === 0x50 && bytes[1] === 0x4b) throw new ImportError(415, 'wrong_format', `"${name.slice(0, 80)}" is named ${ext} but is a zip archive (an Excel workbook?); save it as CSV, or upload the .xlsx.`, { field: 'file' });
      return parseCsv(bytes, limits);
    case '.xlsx':
      return parseXlsx(bytes, name, limits);
    case '.zip':
    case '.kmz':
      if (!isZip(bytes)) throw new ImportError(415, 'wrong_format', `"${name.slice(0, 80)}" is named ${ext} but is not a zip archive.`, { field: 'file' });
      return ext === '.zip' ? parseShapefileZip(bytes, limits) : parseKmz(bytes, limits);
    case '.kml':
      return parseKml(bytes, limits);
    case '.gpx':
      return parseGpx(bytes, limits);
    default:
      throw new ImportError(415, 'unsupported_format', `Files named "${ext || name.slice(0, 40)}" cannot be imported; allowed: ${ACCEPTED()}.`, { field: 'file' });
  }
}
