/**
 * Opening an uploaded zip (Shapefile .zip, .kmz, .xlsx) safely: the central directory is read first
 * (`fflate`'s unzip with a filter that decompresses nothing) and the archive is refused — before
 * anything is inflated — for too many entries, too many bytes unpacked, an entry that unpacks more
 * than IMPORT_MAX_ZIP_RATIO times its packed size (a zip bomb), or a path that climbs out (`../`),
 * is absolute, or uses backslashes or drive letters. Then only the entries asked for are inflated,
 * and each must come out no larger than it said.
 */
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { ImportError } from './errors';
import type { ImportLimits } from './limits';

export interface ZipEntryInfo {
  name: string;
  packed: number;
  size: number;
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
export const isZip = (b: Uint8Array) => ZIP_MAGIC.every((x, i) => b[i] === x) || (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x05 && b[3] === 0x06);

function unsafePath(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[a-z]:/i.test(name) || name.split('/').some((part) => part === '..') || name.includes('\0');
}

/** The entries of `bytes`, checked against the limits; throws ImportError (422 / 413) naming the entry. */
export function listZip(bytes: Uint8Array, limits: ImportLimits, what: string): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  try {
    unzipSync(bytes, {
      filter(f: UnzipFileInfo) {
        entries.push({ name: f.name, packed: f.size, size: f.originalSize });
        return false;
      },
    });
  } catch (e) {
    throw new ImportError(422, 'bad_zip', `The ${what} is not a readable zip archive: ${(e as Error).message.slice(0, 100)}.`, { field: 'file' });
  }
  if (entries.length > limits.maxZipEntries)
    throw new ImportError(422, 'zip_too_many_entries', `The ${what} holds ${entries.length} entries, more than the limit of ${limits.maxZipEntries} (IMPORT_MAX_ZIP_ENTRIES).`, { field: 'file' });
  let total = 0;
  for (const e of entries) {
    if (unsafePath(e.name))
      throw new ImportError(422, 'zip_unsafe_path', `The ${what} holds an entry with an unsafe path, "${e.name.slice(0, 80)}" (absolute, "..", backslash or drive letter); nothing was unpacked.`, { field: 'file' });
    const ratio = e.size / Math.max(e.packed, 1);
    if (e.size > 1024 * 1024 && ratio > limits.maxZipRatio)
      throw new ImportError(422, 'zip_bomb', `The ${what}'s entry "${e.name.slice(0, 80)}" would unpack ${Math.round(ratio)} times its packed size (${e.size} bytes from ${e.packed}); the limit is ${limits.maxZipRatio} (IMPORT_MAX_ZIP_RATIO). Nothing was unpacked.`, { field: 'file' });
    total += e.size;
  }
  if (total > limits.maxUnzippedBytes)
    throw new ImportError(413, 'zip_too_large', `The ${what} would unpack to ${total} bytes, more than the limit of ${limits.maxUnzippedBytes} (IMPORT_MAX_UNZIPPED_BYTES); nothing was unpacked.`, { field: 'file' });
  return entries;
}

/** Inflate only the named entries (already listed and checked by listZip). */
export function readZipEntries(bytes: Uint8Array, names: string[], listed: ZipEntryInfo[], what: string): Record<string, Uint8Array> {
  const want = new Set(names);
  let out: Record<string, Uint8Array>;
  try {
    out = unzipSync(bytes, { filter: (f) => want.has(f.name) });
  } catch (e) {
    throw new ImportError(422, 'bad_zip', `The ${what} cannot be unpacked: ${(e as Error).message.slice(0, 100)}.`, { field: 'file' });
  }
  for (const [name, data] of Object.entries(out)) {
    const declared = listed.find((e) => e.name === name)?.size ?? 0;
    if (data.length > declared)
      throw new ImportError(422, 'zip_bomb', `The ${what}'s entry "${name.slice(0, 80)}" unpacked to more than it declared (${data.length} > ${declared} bytes); refused.`, { field: 'file' });
  }
  return out;
}
