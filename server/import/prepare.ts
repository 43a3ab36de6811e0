/**
 * One upload → its preview, everything that does not need the store itself: read the file
 * (read-file.ts), resolve the mapping, build the rows (build.ts: CRS conversion, validation,
 * matching through `existing`). Runs in a worker thread (worker.ts) so the server's event loop
 * stays free; it needs only plain data (layers, measures, county outlines, names of existing
 * features) and `existing.byId`, which the worker asks the main thread for.
 */
import type { FeatureCollection } from 'geojson';
import type { Measure } from '../../core/schema';
import { CountyIndex, type CountyFeature } from '../store/membership';
import { buildPreview, normalName, type BuildResult, type ExistingIndex, type ImportLayer } from './build';
import { parseCrs, type Crs } from './crs';
import { ImportError } from './errors';
import type { ImportLimits } from './limits';
import { parseDefaultsJson, parseMappingJson, parseValuesJson, resolveMapping, statusOf } from './mapping';
import type { SourceTable } from './source';
import type { Status } from '../../core/contract';
import { readUpload } from './read-file';

export interface PrepareInput {
  fileName: string;
  bytes: Uint8Array;
  crs?: string;
  mapping?: string;
  defaults?: string;
  /** JSON: the file's words → values, {"status": {"竣工验收": "completed"}} (mapping.ts parseValuesJson). */
  values?: string;
  /** The target layer's id, checked by the caller; undefined: each row's layer column. */
  layerId?: string;
  limits: ImportLimits;
  layers: ImportLayer[];
  measures: Measure[];
  counties: FeatureCollection;
  /** Ids of live features by `${layer}\0${normalName(name)}`, for the layers concerned. */
  names: [string, string[]][];
  allowedCounties?: string[];
  today: string;
}

export interface PreparedMeta {
  format: string;
  encoding?: string;
  total: number;
  notes: string[];
  mapping: Record<string, string>;
  crs: { id: string; label: string; stated: string | null };
  /** Every column of the file, in order, with up to 3 distinct sample values (text, cut to 60 characters). */
  columns: { name: string; samples: string[] }[];
  /** The status column's words (up to 100) → the status each is read as (the client's choice, else our word list), null: not known (read as unknown). */
  values: { status: Record<string, Status | null> };
}

const SAMPLES = 3;
const sampleText = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v.trim() : typeof v === 'object' ? JSON.stringify(v) : String(v)).slice(0, 60);

function columnsOf(table: SourceTable): PreparedMeta['columns'] {
  return table.headers.map((name) => {
    const samples: string[] = [];
    for (const r of table.records) {
      const t = sampleText(r.fields[name]);
      if (t && !samples.includes(t)) samples.push(t);
      if (samples.length === SAMPLES) break;
    }
    return { name, samples };
  });
}

function statusWords(table: SourceTable, column: string | undefined, chosen: Record<string, Status>): Record<string, Status | null> {
  const out: Record<string, Status | null> = {};
  if (!column) return out;
  let n = 0;
  for (const r of table.records) {
    const w = sampleText(r.fields[column]);
    if (!w || w in out) continue;
    out[w] = chosen[w] ?? statusOf(w) ?? null;
    if (++n === 100) break;
  }
  return out;
}

let counties: { source: FeatureCollection; index: CountyIndex } | undefined;
/** The county index, built once per thread for the same outlines. */
function countyIndexOf(fc: FeatureCollection): CountyIndex {
  if (!counties || JSON.stringify(counties.source.features.map((f) => f.properties)) !== JSON.stringify(fc.features.map((f) => f.properties)))
    counties = { source: fc, index: new CountyIndex(fc.features as unknown as CountyFeature[]) };
  return counties.index;
}

export async function preparePreview(
  input: PrepareInput,
  byId: ExistingIndex['byId'],
  hooks: { onTotal?: (total: number, format: string, encoding?: string) => void; onProgress?: (done: number) => void } = {},
): Promise<BuildResult & PreparedMeta> {
  const mapping = parseMappingJson(input.mapping);
  const defaults = parseDefaultsJson(input.defaults);
  const values = parseValuesJson(input.values);
  const requested: Crs | undefined = input.crs && input.crs !== 'auto' ? parseCrs(input.crs) : undefined;
  const layers = new Map(input.layers.map((l) => [l.id, l]));
  const layer = input.layerId ? layers.get(input.layerId) : undefined;
  if (input.layerId && !layer) throw new ImportError(400, 'bad_parameter', `Unknown layer "${input.layerId.slice(0, 40)}"; allowed: ${[...layers.keys()].join(', ')}.`, { field: 'layer' });
  const table = await readUpload(input.fileName, input.bytes, input.limits);
  hooks.onTotal?.(table.records.length, table.format, table.encoding);
  const stated = table.statedCrs ? parseCrs(table.statedCrs) : undefined;
  const crs = requested ?? stated ?? parseCrs('wgs84');
  const resolved = resolveMapping(table.headers, mapping);
  const names = new Map(input.names);
  const result = await buildPreview(table, {
    fileName: input.fileName,
    crs,
    layer,
    layers,
    measures: new Map(input.measures.map((m) => [m.id, m])),
    countyIndex: countyIndexOf(input.counties),
    mapping: resolved,
    defaults,
    allowedCounties: input.allowedCounties,
    existing: { byId, idsByName: (lid, name) => names.get(`${lid}\u0000${normalName(name)}`) ?? [] },
    today: input.today,
    rowLabel: table.rowLabel,
    onProgress: hooks.onProgress,
    statusValues: values.status,
  }).catch((e: unknown) => {
    // The file was read: a refusal from here on (no name or position column, every row at one
    // position, no layer) can be fixed by mapping its columns, so it carries them.
    if (e instanceof ImportError) e.columns ??= columnsOf(table);
    throw e;
  });
  if (requested && stated && requested.id !== stated.id)
    result.problems.unshift({ row: null, field: 'crs', message: `The file states ${stated.label}, but crs=${requested.id} was asked for and used; leave crs out (or "auto") to use what the file states.`, severity: 'warning' });
  return {
    ...result,
    format: table.format,
    encoding: table.encoding,
    total: table.records.length,
    notes: [...table.notes, ...(crs.id === 'cgcs2000' ? ['CGCS2000 (EPSG:4490) is taken as WGS 84: at Shangrao they differ by a few centimetres. · CGCS2000 按 WGS 84 处理（相差数厘米）。'] : [])],
    mapping: Object.fromEntries(resolved),
    crs: { id: crs.id, label: crs.label, stated: stated?.id ?? null },
    columns: columnsOf(table),
    values: { status: statusWords(table, [...resolved].find(([, f]) => f === 'status')?.[0], values.status) },
  };
}
