/**
 * `GET|HEAD /basemap/tiles.pmtiles`: the deployer's PMTiles archive (`BASEMAP_PMTILES`), served
 * with HTTP range requests (206, `Accept-Ranges`, `If-Range`/ETag, 416) — what the `pmtiles`
 * protocol in the pages reads the tiles through. Nothing is served when the variable is not set.
 */
import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { PMTILES_PATH } from '../config';
import { apiError } from '../http/errors';
import { answerRange } from './range';

/** A strong ETag for the file as it is now: a replaced or touched archive gets a new one. */
function fileTag(size: number, mtimeMs: number, ino: number): string {
  return `"${size.toString(36)}-${Math.trunc(mtimeMs).toString(36)}-${ino.toString(36)}"`;
}

export function createBasemap(pmtilesPath: string | undefined) {
  const app = new Hono();
  if (!pmtilesPath) return app;
  app.get(PMTILES_PATH, (c) => {
    let st;
    try {
      st = statSync(pmtilesPath);
    } catch {
      return apiError(c, 404, 'not_found', 'The basemap archive is no longer on the server; the deployment has to put BASEMAP_PMTILES back.');
    }
    const etag = fileTag(st.size, st.mtimeMs, st.ino);
    const answer = answerRange({ range: c.req.header('Range'), ifRange: c.req.header('If-Range'), ifNoneMatch: c.req.header('If-None-Match') }, st.size, etag);
    const headers: Record<string, string> = {
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Last-Modified': st.mtime.toUTCString(),
      'Cache-Control': 'public, max-age=3600',
      'Content-Type': 'application/vnd.pmtiles',
    };
    if (answer.status === 304) return c.body(null, 304, headers);
    if (answer.status === 416) {
      c.header('Accept-Ranges', 'bytes');
      c.header('Content-Range', answer.contentRange);
      const range = (c.req.header('Range') ?? '').slice(0, 60);
      return apiError(c, 416, 'range_not_satisfiable', `The range "${range}" lies outside the archive's ${st.size} bytes; allowed: bytes=START-END with START below ${st.size}, or bytes=-N with N at least 1.`, 'Range');
    }
    if (answer.status === 206) headers['Content-Range'] = answer.contentRange;
    headers['Content-Length'] = String(answer.length);
    if (c.req.method === 'HEAD' || answer.length === 0) return c.body(null, answer.status, headers);
    const stream = Readable.toWeb(createReadStream(pmtilesPath, { start: answer.start, end: answer.end })) as ReadableStream<Uint8Array>;
    return c.body(stream, answer.status, headers);
  });
  return app;
}
