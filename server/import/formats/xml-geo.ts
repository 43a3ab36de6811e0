/**
 * KML, KMZ (zipped KML) and GPX → records with `@tmcw/togeojson` over `@xmldom/xmldom`. XML with a
 * DOCTYPE or an ENTITY declaration is refused before it is parsed: no external entities, no entity
 * expansion ("billion laughs"), whatever the parser would do with them. Row = the placemark's (or
 * waypoint's, track's) number in the file, from 1. KML's coordinates are WGS 84 by definition, but
 * files from Chinese apps (奥维 in GCJ-02 mode) may not be: the user's `crs` decides.
 */
import { kml, gpx } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import type { Geometry } from 'geojson';
import { decodeText } from '../decode';
import { ImportError } from '../errors';
import type { ImportLimits } from '../limits';
import type { SourceRecord, SourceTable } from '../source';
import { listZip, readZipEntries } from '../zip-safety';

function parseXml(text: string, what: string) {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text))
    throw new ImportError(422, 'xml_entities', `The ${what} declares a DOCTYPE or ENTITY; such declarations (external entities, entity expansion) are refused. Remove the <!DOCTYPE …> part and try again.`, { field: 'file' });
  const errors: string[] = [];
  const doc = new DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') errors.push(msg);
    },
  }).parseFromString(text, 'text/xml');
  if (errors.length || !doc.documentElement) throw new ImportError(422, 'bad_xml', `The ${what} is not well-formed XML: ${(errors[0] ?? 'no root element').slice(0, 140)}.`, { field: 'file' });
  return doc;
}

function toTable(format: string, features: { properties: Record<string, unknown> | null; geometry: Geometry | null }[], limits: ImportLimits): SourceTable {
  if (features.length === 0) throw new ImportError(422, 'empty_file', `The ${format.toUpperCase()} file holds no placemarks, waypoints or tracks.`, { field: 'file' });
  if (features.length > limits.maxRows) throw new ImportError(413, 'too_many_rows', `The file holds ${features.length} features, more than the limit of ${limits.maxRows} (IMPORT_MAX_ROWS).`);
  const headers = new Set<string>();
  const records: SourceRecord[] = features.map((f, i) => {
    const fields: SourceRecord['fields'] = {};
    for (const [k, v] of Object.entries(f.properties ?? {})) {
      // togeojson's styling members are not data.
      if (/^(styleUrl|styleHash|styleMapHash|stroke|stroke-opacity|stroke-width|fill|fill-opacity|icon|visibility|_gpxType|coordinateProperties|times|heartRates|label-scale|icon-scale|icon-color|icon-opacity|label-color|label-opacity|icon-heading|icon-offset|icon-offset-units)$/.test(k)) continue;
      fields[k] = v as SourceRecord['fields'][string];
      headers.add(k);
    }
    return { row: i + 1, fields, geometry: f.geometry };
  });
  return { format, headers: [...headers], records, notes: [], rowLabel: 'feature' };
}

export function parseKml(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const { text } = decodeText(bytes, 'KML file');
  if (text.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty.', { field: 'file' });
  return toTable('kml', kml(parseXml(text, 'KML file')).features as never, limits);
}

export function parseKmz(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const entries = listZip(bytes, limits, 'KMZ file');
  const main = entries.find((e) => e.name.toLowerCase() === 'doc.kml') ?? entries.find((e) => e.name.toLowerCase().endsWith('.kml'));
  if (!main) throw new ImportError(422, 'bad_kmz', 'The KMZ holds no .kml file (doc.kml).', { field: 'file' });
  const got = readZipEntries(bytes, [main.name], entries, 'KMZ file');
  const t = parseKml(got[main.name], limits);
  return { ...t, format: 'kmz' };
}

export function parseGpx(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const { text } = decodeText(bytes, 'GPX file');
  if (text.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty.', { field: 'file' });
  return toTable('gpx', gpx(parseXml(text, 'GPX file')).features as never, limits);
}
