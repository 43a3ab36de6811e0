/**
 * GeoJSON → records: a FeatureCollection, one Feature or a bare geometry. Row = the feature's
 * number in the file (1-based). RFC 7946 says WGS 84, but files in the wild carry other systems:
 * a `crs` member (GeoJSON 2008) naming EPSG:n is read as the stated system.
 */
import type { Geometry } from 'geojson';
import { ImportError } from '../errors';
import type { ImportLimits } from '../limits';
import type { SourceRecord, SourceTable } from '../source';
import { decodeText } from '../decode';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseGeojson(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const { text } = decodeText(bytes, 'GeoJSON file');
  if (text.trim() === '') throw new ImportError(422, 'empty_file', 'The file is empty.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImportError(422, 'bad_geojson', `The file is not valid JSON: ${(e as Error).message.slice(0, 120)}.`);
  }
  if (!isObject(doc)) throw new ImportError(422, 'bad_geojson', 'The file is JSON but not GeoJSON: expected an object with "type": "FeatureCollection", "Feature" or a geometry.');
  const list: unknown[] =
    doc.type === 'FeatureCollection' ? (Array.isArray(doc.features) ? doc.features : []) : doc.type === 'Feature' ? [doc] : typeof doc.type === 'string' && 'coordinates' in doc ? [{ type: 'Feature', geometry: doc, properties: {} }] : [];
  if (doc.type === 'FeatureCollection' && !Array.isArray(doc.features)) throw new ImportError(422, 'bad_geojson', 'The FeatureCollection has no "features" array.', { field: 'features' });
  if (list.length === 0 && doc.type !== 'FeatureCollection')
    throw new ImportError(422, 'bad_geojson', `GeoJSON "type" must be FeatureCollection, Feature or a geometry, not ${JSON.stringify(doc.type)?.slice(0, 40)}.`, { field: 'type' });
  if (list.length === 0) throw new ImportError(422, 'empty_file', 'The FeatureCollection has no features.');
  if (list.length > limits.maxRows)
    throw new ImportError(413, 'too_many_rows', `The file has ${list.length} features, more than the limit of ${limits.maxRows} (IMPORT_MAX_ROWS); split it.`);
  const headers = new Set<string>();
  const records: SourceRecord[] = list.map((f, i) => {
    const row = i + 1;
    if (!isObject(f) || f.type !== 'Feature') return { row, fields: {}, geometry: null };
    const props = isObject(f.properties) ? f.properties : {};
    for (const k of Object.keys(props)) headers.add(k);
    const fields = { ...props } as SourceRecord['fields'];
    if (typeof f.id === 'string' && fields.id === undefined) fields.id = f.id;
    return { row, fields, geometry: (f.geometry ?? null) as Geometry | null };
  });
  let statedCrs: string | undefined;
  const crs = isObject(doc.crs) && isObject(doc.crs.properties) ? String(doc.crs.properties.name ?? '') : '';
  const m = /EPSG:{1,2}(\d+)/i.exec(crs);
  if (m) statedCrs = m[1] === '4326' ? 'wgs84' : m[1] === '4490' ? 'cgcs2000' : `EPSG:${m[1]}`;
  else if (/CRS84/i.test(crs)) statedCrs = 'wgs84';
  return { format: 'geojson', headers: [...headers], records, statedCrs, notes: [], rowLabel: 'feature' };
}
