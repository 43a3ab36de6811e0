/**
 * A zipped Shapefile → records with `shpjs` (parseShp, parseDbf). The zip is checked first
 * (zip-safety.ts); it must hold at least one .shp, each with its .dbf. The .prj (ESRI WKT) is matched to a
 * coordinate system we know (crs.ts `crsFromPrj`) — shpjs is not left to reproject on its own, so
 * every path goes through the same, tested conversions. The .dbf text encoding comes from the
 * .cpg, else the .dbf's language driver byte (0x4D / 0x7A: GBK), else UTF-8 if it decodes, else GBK
 * (what ArcGIS on a Chinese Windows writes).
 */
import { parseDbf, parseShp } from 'shpjs';
import { rewind } from '@turf/rewind';
import type { Geometry } from 'geojson';
import { ImportError } from '../errors';
import type { ImportLimits } from '../limits';
import { crsFromPrj } from '../crs';
import type { SourceRecord, SourceTable } from '../source';
import { listZip, readZipEntries, type ZipEntryInfo } from '../zip-safety';
import { isCutText } from '../../export/shapefile';

const utf8 = new TextDecoder('utf-8', { fatal: true });

function dbfEncoding(dbf: Uint8Array, cpg: string | undefined): string {
  const c = cpg?.trim().toLowerCase();
  if (c) {
    if (/^(utf-?8|65001)$/.test(c)) return 'utf-8';
    if (/^(gbk|gb2312|gb18030|936|cp936|ansi 936)$/.test(c)) return 'gbk';
    try {
      new TextDecoder(c);
      return c;
    } catch {
      /* unknown label: fall through */
    }
  }
  if (dbf[29] === 0x4d || dbf[29] === 0x7a) return 'gbk';
  const headerLen = dbf[8] | (dbf[9] << 8);
  try {
    utf8.decode(dbf.subarray(32, Math.min(dbf.length, headerLen + 200_000)));
    return 'utf-8';
  } catch {
    return 'gbk';
  }
}

/**
 * `shpjs`'s .dbf reader (parsedbf) takes the records to start right after the field descriptors
 * and the 0x0D terminator, ignoring the header length the file states; files with more header than
 * that (dbffile writes a 0x00 after the terminator, Visual FoxPro a 263-byte backlink) read shifted
 * by those bytes. Such a .dbf is handed on with the extra header bytes taken out.
 */
export function normalDbfHeader(dbf: Uint8Array): Uint8Array {
  if (dbf.length < 33) return dbf;
  const headerLen = dbf[8] | (dbf[9] << 8);
  let end = 32;
  while (end < dbf.length && end < headerLen && dbf[end] !== 0x0d) end += 32;
  if (dbf[end] !== 0x0d || headerLen === end + 1 || headerLen > dbf.length) return dbf;
  const out = new Uint8Array(dbf.length - (headerLen - end - 1));
  out.set(dbf.subarray(0, end + 1));
  out.set(dbf.subarray(headerLen), end + 1);
  out[8] = (end + 1) & 0xff;
  out[9] = (end + 1) >> 8;
  return out;
}

interface ShapefileSet {
  name: string;
  geoms: (Geometry | null)[];
  rows: Record<string, unknown>[];
  encoding: string;
  statedCrs?: string;
  prj?: string;
  cpg?: string;
}

function readSet(bytes: Uint8Array, entries: ZipEntryInfo[], shpName: string): ShapefileSet {
  const base = shpName.slice(0, -4);
  const part = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${base.toLowerCase()}.${ext}`)?.name;
  const [dbfName, prjName, cpgName] = [part('dbf'), part('prj'), part('cpg')];
  if (!dbfName) throw new ImportError(422, 'bad_shapefile', `The zip has ${shpName} but no ${base}.dbf, so the features have no attributes (no names).`, { field: 'file' });
  const got = readZipEntries(bytes, [shpName, dbfName, ...(prjName ? [prjName] : []), ...(cpgName ? [cpgName] : [])], entries, 'Shapefile zip');
  const prj = prjName ? new TextDecoder().decode(got[prjName]) : undefined;
  const cpg = cpgName ? new TextDecoder().decode(got[cpgName]) : undefined;
  const encoding = dbfEncoding(got[dbfName], cpg);
  try {
    const geoms = parseShp(got[shpName]) as (Geometry | null)[];
    const rows = parseDbf(normalDbfHeader(got[dbfName]), encoding) as Record<string, unknown>[];
    return { name: shpName, geoms, rows, encoding, prj, cpg, statedCrs: prj ? crsFromPrj(prj) : undefined };
  } catch (e) {
    throw new ImportError(422, 'bad_shapefile', `${shpName} cannot be read: ${(e as Error).message.slice(0, 120)}.`, { field: 'file' });
  }
}

/**
 * A zip with one shapefile, or several (our own export writes points, lines and polygons as three):
 * their features are read one after another and numbered on from 1 across the files (the notes say
 * which numbers are in which file). Several must state the same coordinate system. A text value
 * our export cut at the .dbf's 254 bytes (it ends with "…") is left out, so a stored text stays.
 */
export function parseShapefileZip(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const entries = listZip(bytes, limits, 'Shapefile zip').filter((e) => !e.name.startsWith('__MACOSX/'));
  const shps = entries.filter((e) => e.name.toLowerCase().endsWith('.shp'));
  if (shps.length === 0) throw new ImportError(422, 'bad_shapefile', `The zip holds no .shp file (found: ${entries.map((e) => e.name).slice(0, 10).join(', ') || 'nothing'}).`, { field: 'file' });
  const sets = shps.map((e) => readSet(bytes, entries, e.name));
  const total = sets.reduce((n, s) => n + s.geoms.length, 0);
  if (total === 0) throw new ImportError(422, 'empty_file', 'The shapefile holds no features.', { field: 'file' });
  if (total > limits.maxRows) throw new ImportError(413, 'too_many_rows', `The shapefile holds ${total} features, more than the limit of ${limits.maxRows} (IMPORT_MAX_ROWS).`);
  const crsSeen = [...new Set(sets.map((s) => s.statedCrs ?? (s.prj ? `unknown .prj` : 'no .prj')))];
  if (crsSeen.length > 1)
    throw new ImportError(422, 'bad_shapefile', `The shapefiles in the zip state different coordinate systems (${sets.map((s) => `${s.name}: ${s.statedCrs ?? (s.prj ? 'a .prj we do not know' : 'no .prj')}`).join('; ')}); upload them one at a time.`, { field: 'file' });
  const headers: string[] = [];
  const records: SourceRecord[] = [];
  const cutFields = new Map<string, number>();
  const ranges: string[] = [];
  for (const set of sets) {
    for (const k of set.rows[0] ? Object.keys(set.rows[0]) : []) if (!headers.includes(k)) headers.push(k);
    const first = records.length + 1;
    set.geoms.forEach((g, i) => {
      const fields: SourceRecord['fields'] = {};
      for (const [k, v] of Object.entries(set.rows[i] ?? {})) {
        const value = typeof v === 'string' ? v.trim() : (v as SourceRecord['fields'][string]);
        if (typeof value === 'string' && isCutText(value)) {
          cutFields.set(k, (cutFields.get(k) ?? 0) + 1);
          continue;
        }
        fields[k] = value;
      }
      // Shapefile rings run clockwise around the outside; GeoJSON (RFC 7946) the other way round.
      const geometry = g && (g.type === 'Polygon' || g.type === 'MultiPolygon') ? (rewind(g, { mutate: true }) as Geometry) : g;
      records.push({ row: records.length + 1, fields, geometry });
    });
    if (sets.length > 1) ranges.push(`${set.name}: features ${first}–${records.length}`);
  }
  const { prj, statedCrs } = sets[0];
  const notes = [
    ...(ranges.length ? [`${sets.length} shapefiles, numbered on across them (${ranges.join('; ')})`] : []),
    ...(cutFields.size ? [`values cut at the .dbf's 254 bytes (ending in "…") are left out, stored texts stay: ${[...cutFields].map(([k, n]) => `${k} ×${n}`).join(', ')}`] : []),
    ...(prj && !statedCrs ? [`the .prj names a coordinate system we do not know (${prj.slice(0, 80)}…); choose crs`] : []),
    ...(!prj ? ['no .prj in the zip: the coordinate system is what crs says (default WGS 84)'] : []),
  ];
  const encodings = [...new Set(sets.map((s) => s.encoding.toUpperCase() + (s.cpg ? ' (.cpg)' : '')))];
  return { format: 'shapefile', headers, records, encoding: encodings.join(', '), statedCrs, notes, rowLabel: 'feature' };
}
