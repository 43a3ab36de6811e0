/**
 * Snapshots of the embedded store: the whole state at one change set, written to a temporary file,
 * synced, renamed over `snapshot.json` and the directory synced — so `snapshot.json` is always one
 * whole snapshot, old or new. Its last line carries a SHA-256 of the rest, checked at start.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { syncDir } from './journal';

export const SNAPSHOT_FILE = 'snapshot.json';
const TMP = 'snapshot.json.tmp';
const SUM = '\n#sha256:';

export function writeSnapshot(dir: string, value: unknown): void {
  const body = JSON.stringify(value);
  const text = `${body}${SUM}${createHash('sha256').update(body).digest('hex')}\n`;
  const tmp = join(dir, TMP);
  const fd = openSync(tmp, 'w');
  try {
    const buf = Buffer.from(text);
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, join(dir, SNAPSHOT_FILE));
  syncDir(dir);
}

/** The snapshot's value, or undefined when there is none; throws if it fails its checksum. */
export function readSnapshot(dir: string, clean = true): unknown {
  if (clean) rmSync(join(dir, TMP), { force: true });
  const path = join(dir, SNAPSHOT_FILE);
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  const at = text.lastIndexOf(SUM);
  const body = at >= 0 ? text.slice(0, at) : '';
  const sum = at >= 0 ? text.slice(at + SUM.length).trim() : '';
  if (!body || createHash('sha256').update(body).digest('hex') !== sum)
    throw new Error(`${path} fails its checksum (the disk changed it after it was written); restore the state directory from a backup`);
  return JSON.parse(body);
}
