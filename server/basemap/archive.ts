/**
 * The deployer's PMTiles basemap (`BASEMAP_PMTILES`): checked at start so that a wrong file stops
 * the server with a message naming the variable, rather than leaving a blank map in the pages.
 * Reads the 127-byte PMTiles v3 header (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md)
 * and the metadata's `vector_layers`.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export interface PmtilesInfo {
  minZoom: number;
  maxZoom: number;
  /** [west, south, east, north] in degrees. */
  bounds: [number, number, number, number];
  /** Names of the vector layers the metadata lists (empty when it lists none). */
  layers: string[];
}

/** The layers of the Protomaps basemap schema that its style draws the map from. */
const PROTOMAPS_LAYERS = ['earth', 'water', 'roads'];

const HEADER = 127;

function readAt(fd: number, offset: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = readSync(fd, buf, 0, length, offset);
  return buf.subarray(0, n);
}

/**
 * Check that `path` is a PMTiles v3 archive of vector tiles in the Protomaps basemap schema; throw
 * an Error naming BASEMAP_PMTILES and what is allowed otherwise.
 */
export function checkPmtilesArchive(path: string): PmtilesInfo {
  const fail = (why: string): never => {
    throw new Error(`BASEMAP_PMTILES="${path}" ${why} It must be a PMTiles v3 archive of vector tiles in the Protomaps basemap schema, e.g. cut with \`pmtiles extract\` (see README, "A basemap the deployer brings").`);
  };
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) fail('is not a file.');
    size = st.size;
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('BASEMAP_PMTILES')) throw e;
    return fail(`cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return fail(`cannot be opened (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  try {
    const h = readAt(fd, 0, HEADER);
    if (h.length < HEADER || h.toString('latin1', 0, 7) !== 'PMTiles') fail('is not a PMTiles archive (no "PMTiles" magic at its start).');
    if (h[7] !== 3) fail(`is PMTiles version ${h[7]}; this server reads version 3.`);
    const u64 = (at: number) => Number(h.readBigUInt64LE(at));
    const [rootOffset, rootLength, metaOffset, metaLength] = [u64(8), u64(16), u64(24), u64(32)];
    const [dataOffset, dataLength] = [u64(56), u64(64)];
    for (const [what, off, len] of [['root directory', rootOffset, rootLength], ['metadata', metaOffset, metaLength], ['tile data', dataOffset, dataLength]] as const)
      if (off + len > size) fail(`is cut short: its ${what} ends at byte ${off + len} but the file has ${size} bytes.`);
    const internalCompression = h[97];
    const tileType = h[99];
    if (tileType !== 1) fail(`holds ${['unknown', 'MVT', 'PNG', 'JPEG', 'WebP', 'AVIF'][tileType] ?? `type ${tileType}`} tiles, not vector tiles (MVT).`);
    const e7 = (at: number) => h.readInt32LE(at) / 1e7;
    const info: PmtilesInfo = { minZoom: h[100], maxZoom: h[101], bounds: [e7(102), e7(106), e7(110), e7(114)], layers: [] };
    if (metaLength > 0 && metaLength < 16 * 1024 * 1024) {
      let raw = readAt(fd, metaOffset, metaLength);
      if (internalCompression === 2) {
        try {
          raw = gunzipSync(raw);
        } catch {
          fail('has metadata that does not gunzip.');
        }
      } else if (internalCompression !== 1) fail(`compresses its metadata with method ${internalCompression}; this server reads none (1) and gzip (2).`);
      let meta: { vector_layers?: { id?: unknown }[] };
      try {
        meta = JSON.parse(raw.toString('utf8'));
      } catch {
        return fail('has metadata that is not JSON.');
      }
      info.layers = (Array.isArray(meta.vector_layers) ? meta.vector_layers : []).map((l) => l?.id).filter((id): id is string => typeof id === 'string');
      const missing = PROTOMAPS_LAYERS.filter((l) => !info.layers.includes(l));
      if (info.layers.length && missing.length)
        fail(`has the vector layers ${info.layers.join(', ')}, without ${missing.join(', ')}: not the Protomaps basemap schema the style draws.`);
    }
    return info;
  } finally {
    closeSync(fd);
  }
}
