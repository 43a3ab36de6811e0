/**
 * A zipped Shapefile → records with `shpjs` (parseShp, parseDbf). The zip is checked first
 * (zip-safety.ts); it must hold one .shp with its .dbf. The .prj (ESRI WKT) is matched to a
 * coordinate system we know (crs.ts `crsFromPrj`) — shpjs is not left to reproject on its own, so
 * every path goes through the same, tested conversions. The .dbf text encoding comes from the
 * .cpg, else the .dbf's language driver byte (0x4D / 0x7A: GBK), else UTF-8 if it decodes, else GBK
 * (what ArcGIS on a Chinese Windows writes).
 */
import { parseDbf, parseShp } from 'shpjs';
import type { Geometry } from 'geojson';
import { ImportError } from '../errors';
import type { ImportLimits } from '../limits';
import { crsFromPrj } from '../crs';
import type { SourceRecord, SourceTable } from '../source';
import { listZip, readZipEntries } from '../zip-safety';

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

export function parseShapefileZip(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const entries = listZip(bytes, limits, 'Shapefile zip').filter((e) => !e.name.startsWith('__MACOSX/'));
  const shps = entries.filter((e) => e.name.toLowerCase().endsWith('.shp'));
  if (shps.length === 0) throw new ImportError(422, 'bad_shapefile', `The zip holds no .shp file (found: ${entries.map((e) => e.name).slice(0, 10).join(', ') || 'nothing'}).`, { field: 'file' });
  if (shps.length > 1) throw new ImportError(422, 'bad_shapefile', `The zip holds ${shps.length} shapefiles (${shps.map((e) => e.name).slice(0, 5).join(', ')}); upload one per import.`, { field: 'file' });
  const base = shps[0].name.slice(0, -4);
  const part = (ext: string) => entries.find((e) => e.name.toLowerCase() === `${base.toLowerCase()}.${ext}`)?.name;
  const [shpName, dbfName, prjName, cpgName] = [shps[0].name, part('dbf'), part('prj'), part('cpg')];
  if (!dbfName) throw new ImportError(422, 'bad_shapefile', `The zip has ${shpName} but no ${base}.dbf, so the features have no attributes (no names).`, { field: 'file' });
  const got = readZipEntries(bytes, [shpName, dbfName, ...(prjName ? [prjName] : []), ...(cpgName ? [cpgName] : [])], entries, 'Shapefile zip');
  const prj = prjName ? new TextDecoder().decode(got[prjName]) : undefined;
  const cpg = cpgName ? new TextDecoder().decode(got[cpgName]) : undefined;
  const encoding = dbfEncoding(got[dbfName], cpg);
  let geoms: (Geometry | null)[];
  let rows: Record<string, unknown>[];
  try {
    geoms = parseShp(got[shpName]) as (Geometry | null)[];
    rows = parseDbf(got[dbfName], encoding) as Record<string, unknown>[];
  } catch (e) {
    throw new ImportError(422, 'bad_shapefile', `The shapefile cannot be read: ${(e as Error).message.slice(0, 120)}.`, { field: 'file' });
  }
  if (geoms.length === 0) throw new ImportError(422, 'empty_file', 'The shapefile holds no features.', { field: 'file' });
  if (geoms.length > limits.maxRows) throw new ImportError(413, 'too_many_rows', `The shapefile holds ${geoms.length} features, more than the limit of ${limits.maxRows} (IMPORT_MAX_ROWS).`);
  const headers = rows[0] ? Object.keys(rows[0]) : [];
  const records: SourceRecord[] = geoms.map((g, i) => {
    const fields: SourceRecord['fields'] = {};
    for (const [k, v] of Object.entries(rows[i] ?? {})) fields[k] = typeof v === 'string' ? v.trim() : (v as SourceRecord['fields'][string]);
    return { row: i + 1, fields, geometry: g };
  });
  const statedCrs = prj ? crsFromPrj(prj) : undefined;
  const notes = [
    ...(prj && !statedCrs ? [`the .prj names a coordinate system we do not know (${prj.slice(0, 80)}…); choose crs`] : []),
    ...(!prj ? ['no .prj in the zip: the coordinate system is what crs says (default WGS 84)'] : []),
  ];
  return { format: 'shapefile', headers, records, encoding: encoding.toUpperCase() + (cpg ? ' (.cpg)' : ''), statedCrs, notes, rowLabel: 'feature' };
}
