/**
 * HTTP range requests for one file (RFC 9110 §14 and §13.1): what to answer a GET or HEAD with,
 * given its `Range`, `If-Range` and `If-None-Match` headers and the file's size and ETag. Pure: the
 * route (server/basemap/routes.ts) streams the bytes it names.
 *
 * - no `Range` (or one whose `If-Range` no longer matches: the file changed) → 200, the whole file;
 * - `If-None-Match` naming the current ETag (and no range) → 304;
 * - one satisfiable range `bytes=a-b`, `bytes=a-` or `bytes=-n` → 206 with `Content-Range`;
 * - a range that starts at or beyond the end, or any range of an empty file → 416, whose
 *   `Content-Range` gives the size;
 * - a `Range` we do not serve — several ranges, another unit, bad syntax — is ignored as RFC 9110
 *   allows (200, the whole file). PMTiles readers only ever ask for one range.
 */

export interface RangeRequest {
  range?: string | null;
  ifRange?: string | null;
  ifNoneMatch?: string | null;
}

export type RangeAnswer =
  | { status: 200; start: 0; end: number; length: number }
  | { status: 206; start: number; end: number; length: number; contentRange: string }
  | { status: 304 }
  | { status: 416; contentRange: string };

/** Entity tags named by an If-None-Match header, without `W/` (weak comparison, RFC 9110 §13.1.2). */
function tagsOf(header: string): string[] {
  return header.split(',').map((t) => t.trim().replace(/^W\//, ''));
}

/** Answer a request for a file of `size` bytes whose strong ETag is `etag`. */
export function answerRange(req: RangeRequest, size: number, etag: string): RangeAnswer {
  const whole = { status: 200 as const, start: 0 as const, end: size - 1, length: size };
  if (req.ifNoneMatch) {
    const tags = tagsOf(req.ifNoneMatch);
    if (tags.includes('*') || tags.includes(etag)) return { status: 304 };
  }
  const range = req.range?.trim();
  if (!range) return whole;
  // If-Range with a strong ETag: the range only applies to the same file (a date is not trusted).
  if (req.ifRange != null && req.ifRange.trim() !== etag) return whole;
  const m = /^bytes=(\d*)-(\d*)$/i.exec(range.replace(/\s+/g, ''));
  if (!m || (m[1] === '' && m[2] === '')) return whole;
  let start: number;
  let end: number;
  if (m[1] === '') {
    // Suffix: the last n bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) return { status: 416, contentRange: `bytes */${size}` };
    start = Math.max(0, size - n);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Number(m[2]);
    if (m[2] !== '' && end < start) return whole; // an invalid range-spec: the header is ignored
    if (start >= size) return { status: 416, contentRange: `bytes */${size}` };
    end = Math.min(end, size - 1);
  }
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return whole;
  return { status: 206, start, end, length: end - start + 1, contentRange: `bytes ${start}-${end}/${size}` };
}
