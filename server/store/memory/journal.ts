/**
 * The embedded store's append-only journal: one record per change set, each framed as
 * `[u32 length][u32 crc32][JSON payload]` (little-endian). A record is acknowledged only after
 * `fdatasync`; at open, records are read until the first one that is short or fails its checksum —
 * a torn tail from a crash mid-write — and the file is cut back to the last whole record
 * (SQLite's and LMDB's reasoning: a write is durable once synced; a checksum tells a torn record).
 */
import { closeSync, fsyncSync, openSync, readFileSync, ftruncateSync, existsSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { noTick, walkJson, type Tick } from '../../slices';

const HEADER = 8;
/** Larger records are refused as corrupt at read (a change set this big is not one we write). */
const MAX_RECORD = 512 * 1024 * 1024;

/** Where the journal's bytes go; tests replace it to inject a full disk or a failing sync. */
export interface JournalIo {
  write(fh: FileHandle, buf: Buffer, position: number): Promise<void>;
  sync(fh: FileHandle): Promise<void>;
  truncate(fh: FileHandle, length: number): Promise<void>;
}

export const realIo: JournalIo = {
  async write(fh, buf, position) {
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await fh.write(buf, off, buf.length - off, position + off);
      off += bytesWritten;
    }
  },
  sync: (fh) => fh.datasync(),
  truncate: (fh, length) => fh.truncate(length),
};

/** One framed record. */
export function frame(payload: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(payload));
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(body.length, 0);
  header.writeUInt32LE(crc32(body), 4);
  return Buffer.concat([header, body]);
}

/**
 * The same bytes as `frame(payload)`, as buffers of about 1 MB made in slices (`tick` between
 * them): the JSON text is encoded and checksummed a buffer at a time as it is written
 * (`walkJson`), so no more than about 1 MB of it is held as strings at once (a 100k-row import's
 * record is over 100 MB of JSON: held whole as strings, its garbage slowed every read), the header first.
 */
export async function frameSliced(payload: unknown, tick: Tick): Promise<Buffer[]> {
  const bufs: Buffer[] = [];
  let sum = 0;
  let length = 0;
  let group: string[] = [];
  let n = 0;
  const flush = () => {
    const buf = Buffer.from(group.join(''));
    group = [];
    n = 0;
    sum = crc32(buf, sum);
    length += buf.length;
    bufs.push(buf);
  };
  await walkJson(payload, tick, (piece) => {
    group.push(piece);
    n += piece.length;
    if (n >= 1 << 20) flush();
  });
  if (n > 0) flush();
  const header = Buffer.alloc(HEADER);
  header.writeUInt32LE(length, 0);
  header.writeUInt32LE(sum, 4);
  return [header, ...bufs];
}

/** A record framed already (by a worker thread, worker-build.ts): its bytes are appended as they are. */
export class FramedRecord {
  constructor(readonly bufs: Buffer[]) {}
}

/** Whole records from the start of `buf`, and the byte length they cover (the rest is a torn tail). */
export function readRecords(buf: Buffer): { payloads: unknown[]; validBytes: number } {
  const payloads: unknown[] = [];
  let off = 0;
  while (off + HEADER <= buf.length) {
    const len = buf.readUInt32LE(off);
    const sum = buf.readUInt32LE(off + 4);
    if (len > MAX_RECORD || off + HEADER + len > buf.length) break;
    const body = buf.subarray(off + HEADER, off + HEADER + len);
    if (crc32(body) !== sum) break;
    try {
      payloads.push(JSON.parse(body.toString('utf8')));
    } catch {
      break;
    }
    off += HEADER + len;
  }
  return { payloads, validBytes: off };
}

/** fsync a directory, so a created or renamed entry in it survives a crash. */
export function syncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class Journal {
  private broken?: Error;
  private constructor(
    readonly path: string,
    private readonly fh: FileHandle,
    private size: number,
    private readonly io: JournalIo,
  ) {}

  /**
   * Read the journal at `path` (creating it if absent), cut a torn tail, and open it for appending.
   * Returns the whole records' payloads in order.
   */
  static async open(path: string, dir: string, io: JournalIo = realIo): Promise<{ journal: Journal; payloads: unknown[]; tornBytes: number }> {
    const existed = existsSync(path);
    let payloads: unknown[] = [];
    let validBytes = 0;
    let tornBytes = 0;
    if (existed) {
      const buf = readFileSync(path);
      ({ payloads, validBytes } = readRecords(buf));
      tornBytes = buf.length - validBytes;
      if (tornBytes > 0) {
        const fd = openSync(path, 'r+');
        try {
          ftruncateSync(fd, validBytes);
          fsyncSync(fd);
        } finally {
          closeSync(fd);
        }
      }
    }
    const fh = await open(path, existed ? 'r+' : 'w+');
    if (!existed) {
      await fh.sync();
      syncDir(dir);
    }
    return { journal: new Journal(path, fh, validBytes, io), payloads, tornBytes };
  }

  /** Read a journal without changing it (export while the server runs); the result refuses appends. */
  static async read(path: string): Promise<{ journal: Journal; payloads: unknown[]; tornBytes: number }> {
    const buf = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    const { payloads, validBytes } = readRecords(buf);
    const journal = new Journal(path, undefined as unknown as FileHandle, validBytes, realIo);
    journal.broken = new Error('this journal was opened read-only');
    journal.readOnly = true;
    return { journal, payloads, tornBytes: 0 };
  }

  private readOnly = false;

  /**
   * Append records and sync them. On failure the file is cut back to where it was, so the journal
   * holds only whole, acknowledged records; if even that fails, the journal refuses further writes.
   * The records are serialised in slices (`tick`) before anything is written; a `FramedRecord`'s
   * bytes are taken as they are.
   */
  async append(payloads: unknown[], tick: Tick = noTick): Promise<void> {
    if (this.readOnly && this.broken) throw this.broken;
    const framed: Buffer[] = [];
    for (const p of payloads) framed.push(...(p instanceof FramedRecord ? p.bufs : await frameSliced(p, tick)));
    let length = 0;
    for (const b of framed) length += b.length;
    // Small batches (every edit) in one write; a large record a buffer at a time.
    const bufs = length <= 1 << 20 ? [Buffer.concat(framed)] : framed;
    if (this.broken) {
      // A failed write could not be cut back: try again now (the disk may be writable again).
      try {
        await this.io.truncate(this.fh, this.size);
        await this.io.sync(this.fh);
        this.broken = undefined;
      } catch {
        throw this.broken;
      }
    }
    try {
      let at = this.size;
      for (const buf of bufs) {
        await this.io.write(this.fh, buf, at);
        at += buf.length;
      }
      await this.io.sync(this.fh);
      this.size = at;
    } catch (e) {
      try {
        await this.io.truncate(this.fh, this.size);
        await this.io.sync(this.fh);
      } catch (e2) {
        this.broken = Object.assign(new Error(`the journal ${this.path} could not be cut back after a failed write (${(e2 as Error).message}); writes wait until it can be`, { cause: e2 }), { code: (e2 as NodeJS.ErrnoException).code });
      }
      throw e;
    }
  }

  get bytes(): number {
    return this.size;
  }

  async close(): Promise<void> {
    if (!this.readOnly) await this.fh.close();
  }
}
