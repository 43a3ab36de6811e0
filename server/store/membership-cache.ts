/**
 * Memberships worth remembering: those that took the exact (turf) path — features across or near
 * a county border, about 15 % of a mixed dataset but nearly all of the start-up's membership time.
 * Keyed by a hash of the geometry (type and every coordinate), so an entry stays right whatever
 * the feature's id, release or edits; the file is named by a hash of the county outlines, so new
 * outlines start a new file. Kept in the state directory (`derived/`) and written atomically
 * (temporary file, fsync, rename) after a start that computed new entries; a missing, unreadable
 * or foreign file is ignored (everything is recomputed), never trusted.
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Geometry, Position } from 'geojson';
import type { Membership } from './membership';

const FORMAT = 1;

/** A hash of a geometry's type and coordinates (float64, with ring and part lengths). */
export function geometryKey(g: Geometry): string {
  const nums: number[] = [];
  const ring = (cs: Position[]) => {
    nums.push(cs.length);
    for (const p of cs) nums.push(p[0], p[1]);
  };
  switch (g.type) {
    case 'Point':
      nums.push(1, g.coordinates[0], g.coordinates[1]);
      break;
    case 'MultiPoint':
    case 'LineString':
      ring(g.coordinates);
      break;
    case 'MultiLineString':
    case 'Polygon':
      nums.push(g.coordinates.length);
      g.coordinates.forEach(ring);
      break;
    case 'MultiPolygon':
      nums.push(g.coordinates.length);
      for (const poly of g.coordinates) {
        nums.push(poly.length);
        poly.forEach(ring);
      }
      break;
    default:
      return createHash('sha1').update(JSON.stringify(g)).digest('base64url');
  }
  return createHash('sha1').update(g.type).update(new Uint8Array(Float64Array.from(nums).buffer)).digest('base64url');
}

/** A hash of the county outlines the memberships were computed against. */
export function countiesKey(counties: readonly unknown[]): string {
  return createHash('sha1').update(JSON.stringify(counties)).digest('hex').slice(0, 16);
}

type Row = [key: string, counties: string[], kmByCounty: Record<string, number>, km2ByCounty: Record<string, number>, km: number, km2: number];

export class MembershipCache {
  private readonly entries = new Map<string, Membership>();
  private added = 0;

  private constructor(
    private readonly file: string | undefined,
    private readonly log: (m: string) => void,
  ) {}

  /** An empty cache that is never saved (tests, tools). */
  static inMemory(): MembershipCache {
    return new MembershipCache(undefined, () => {});
  }

  /** The cache for `countiesHash` in `stateDir/derived`; read now if the file is there. */
  static open(stateDir: string, countiesHash: string, log: (m: string) => void = () => {}): MembershipCache {
    const cache = new MembershipCache(join(stateDir, 'derived', `membership-${countiesHash}.json`), log);
    let text: string;
    try {
      text = readFileSync(cache.file!, 'utf8');
    } catch {
      return cache;
    }
    try {
      const doc = JSON.parse(text) as { format?: number; counties?: string; rows?: Row[] };
      if (doc.format !== FORMAT || doc.counties !== countiesHash || !Array.isArray(doc.rows)) throw new Error('not a membership cache of this format and these outlines');
      for (const [key, counties, kmByCounty, km2ByCounty, km, km2] of doc.rows) cache.entries.set(key, { counties, kmByCounty, km2ByCounty, km, km2 });
    } catch (e) {
      log(`State: ignoring ${cache.file} (${(e as Error).message}); memberships are computed again.`);
      cache.entries.clear();
    }
    return cache;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Membership | undefined {
    const m = this.entries.get(key);
    return m && { ...m, counties: [...m.counties], kmByCounty: { ...m.kmByCounty }, km2ByCounty: { ...m.km2ByCounty } };
  }

  set(key: string, m: Membership): void {
    if (this.entries.has(key)) return;
    this.entries.set(key, { ...m, counties: [...m.counties], kmByCounty: { ...m.kmByCounty }, km2ByCounty: { ...m.km2ByCounty } });
    this.added++;
  }

  /**
   * Write the file when entries were added since it was read (atomic: a crash leaves the old file
   * or the new one), remove caches for other outlines, and free the entries: the store's records
   * hold the memberships from here on. Errors are logged, not thrown (the cache is an optimisation).
   */
  saveAndRelease(): void {
    const file = this.file;
    try {
      if (file && this.added > 0) {
        const dir = join(file, '..');
        mkdirSync(dir, { recursive: true });
        const rows: Row[] = [...this.entries].map(([k, m]) => [k, m.counties, m.kmByCounty, m.km2ByCounty, m.km, m.km2]);
        const counties = /membership-(.+)\.json$/.exec(file)![1];
        const tmp = `${file}.tmp`;
        const fd = openSync(tmp, 'w');
        try {
          writeSync(fd, JSON.stringify({ format: FORMAT, counties, rows }));
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
        renameSync(tmp, file);
        for (const name of readdirSync(dir)) if (/^membership-.+\.json$/.test(name) && join(dir, name) !== file) rmSync(join(dir, name), { force: true });
      }
    } catch (e) {
      this.log(`State: could not save the membership cache ${file} (${(e as Error).message}); the next start computes them again.`);
    }
    this.entries.clear();
    this.added = 0;
  }
}
