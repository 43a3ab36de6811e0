/**
 * Prepared records per data version: what `toRecord` adds to each feature of a data release (its
 * search text, box, county membership and public JSON), kept in the state directory as
 * `derived/records-<version>.bin`, so a restart with unchanged data reads them instead of
 * computing them again. The version is the release's content hash (every file of data/, the county
 * outlines and layers.json included), so a changed data/ never finds a file to read; FORMAT
 * changes whenever what a record holds, or how it is computed, does.
 *
 * File: "SGMREC" + format (2 bytes), the header's length (uint32 LE), the header (JSON: format,
 * version, one row per feature), each feature's public JSON one after the other (UTF-8), and a
 * SHA-256 of everything before it. Written to a temporary file, synced and renamed (a crash leaves
 * the old file or the new one); a missing, truncated, corrupt or foreign file is ignored (the
 * records are computed again and the file rewritten), never trusted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Membership } from './membership';
import { sharedMembership, type FeatureRecord, type PreparedRecord } from './records';

/** Bump when FeatureRecord's derived parts, membership, search text or the public JSON change. */
export const RECORDS_FORMAT = 1;
const MAGIC = 'SGMREC';
const SUM_BYTES = 32;

type Row = [id: string, searchText: string, minX: number, minY: number, maxX: number, maxY: number, counties: string[], kmByCounty: Record<string, number>, km2ByCounty: Record<string, number>, km: number, km2: number, jsonBytes: number];

const fileFor = (stateDir: string, version: string) => join(stateDir, 'derived', `records-${version.replace(/[^A-Za-z0-9_.+-]/g, '_')}.bin`);

/** The file's start: magic, format, the header's length and the header. */
function encodeHead(version: string, records: readonly FeatureRecord[]): Buffer {
  const rows: Row[] = records.map((r) => {
    const m = r.membership;
    return [r.id, r.searchText, r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3], m.counties, m.kmByCounty, m.km2ByCounty, m.km, m.km2, r.publicJson.length];
  });
  const header = Buffer.from(JSON.stringify({ format: RECORDS_FORMAT, version, rows }));
  const head = Buffer.alloc(MAGIC.length + 2 + 4);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt16LE(RECORDS_FORMAT, MAGIC.length);
  head.writeUInt32LE(header.length, MAGIC.length + 2);
  return Buffer.concat([head, header]);
}

/** The file's bytes for `records` of data version `version` (tests; `writeRecords` streams the same bytes). */
export function encodeRecords(version: string, records: readonly FeatureRecord[]): Buffer {
  const body = Buffer.concat([encodeHead(version, records), ...records.map((r) => r.publicJson)]);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

/**
 * The prepared records in `bytes` by feature id, or a reason they cannot be used. Each record's
 * public JSON is a view into `bytes` (no copy).
 */
export function decodeRecords(bytes: Buffer, version: string): Map<string, PreparedRecord> | string {
  const start = MAGIC.length + 6;
  if (bytes.length < start + SUM_BYTES || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC) return 'not a prepared-records file';
  if (bytes.readUInt16LE(MAGIC.length) !== RECORDS_FORMAT) return `format ${bytes.readUInt16LE(MAGIC.length)}, this server writes ${RECORDS_FORMAT}`;
  const bodyEnd = bytes.length - SUM_BYTES;
  if (!createHash('sha256').update(bytes.subarray(0, bodyEnd)).digest().equals(bytes.subarray(bodyEnd))) return 'it fails its checksum (truncated or changed on disk)';
  const headerEnd = start + bytes.readUInt32LE(MAGIC.length + 2);
  if (headerEnd > bodyEnd) return 'its header runs past its end';
  let doc: { format?: unknown; version?: unknown; rows?: unknown };
  try {
    doc = JSON.parse(bytes.toString('utf8', start, headerEnd)) as typeof doc;
  } catch {
    return 'its header is not JSON';
  }
  if (doc.format !== RECORDS_FORMAT || !Array.isArray(doc.rows)) return 'its header is not of this format';
  if (doc.version !== version) return `it holds data version ${String(doc.version)}, not ${version}`;
  const out = new Map<string, PreparedRecord>();
  let at = headerEnd;
  for (const row of doc.rows as Row[]) {
    if (!Array.isArray(row) || row.length !== 12 || typeof row[0] !== 'string' || typeof row[1] !== 'string' || !Array.isArray(row[6]) || !Number.isInteger(row[11]) || row[11] < 0) return 'a row is malformed';
    const [id, searchText, minX, minY, maxX, maxY, counties, kmByCounty, km2ByCounty, km, km2, n] = row;
    if (at + n > bodyEnd) return 'its records run past its end';
    // Points (no length, no area) in the same counties share one membership object (records.ts).
    const membership = sharedMembership({ counties, kmByCounty, km2ByCounty, km, km2 } satisfies Membership);
    out.set(id, { searchText, bbox: [minX, minY, maxX, maxY], membership, publicJson: bytes.subarray(at, at + n) });
    at += n;
  }
  if (at !== bodyEnd) return 'its records do not fill it';
  return out;
}

/** The prepared records of `version` in `stateDir`, or undefined (logged when a file was there but unusable). */
export function readRecords(stateDir: string, version: string, log: (m: string) => void = () => {}): Map<string, PreparedRecord> | undefined {
  const file = fileFor(stateDir, version);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const out = decodeRecords(bytes, version);
  if (typeof out === 'string') {
    log(`State: ignoring ${file} (${out}); the records are built again.`);
    return undefined;
  }
  return out;
}

/**
 * Keep `records` as the prepared records of `version` (atomic: temporary file, fsync, rename) and
 * remove those of other versions. The public JSON is written as it is held (no copy into one big
 * buffer), with asynchronous I/O, so a server answering meanwhile is hardly held up. Errors are
 * logged, not thrown: the file is an optimisation.
 */
export async function writeRecords(stateDir: string, version: string, records: readonly FeatureRecord[], log: (m: string) => void = () => {}): Promise<void> {
  const file = fileFor(stateDir, version);
  const tmp = `${file}.tmp`;
  try {
    const dir = join(stateDir, 'derived');
    mkdirSync(dir, { recursive: true });
    const head = encodeHead(version, records);
    const hash = createHash('sha256').update(head);
    for (const r of records) hash.update(r.publicJson);
    const parts = [head, ...records.map((r) => r.publicJson), hash.digest()];
    const fh = await open(tmp, 'w');
    try {
      for (let i = 0; i < parts.length; i += 1024) {
        const batch = parts.slice(i, i + 1024);
        const want = batch.reduce((n, b) => n + b.length, 0);
        const { bytesWritten } = await fh.writev(batch);
        if (bytesWritten !== want) throw new Error(`short write (${bytesWritten} of ${want} bytes)`);
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, file);
    for (const name of readdirSync(dir)) if (/^records-.+\.bin(\.tmp)?$/.test(name) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
  } catch (e) {
    rmSync(tmp, { force: true });
    log(`State: could not save the prepared records ${file} (${(e as Error).message}); the next start builds them again.`);
  }
}
