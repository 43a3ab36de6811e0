/**
 * Feature ETags carry the feature's version: `"<version>-<hash of the body>"`. `If-Match` is read
 * by version, so the ETag matches however it was served: strong or weak (`W/` from a proxy that
 * compressed it), with an encoding suffix (`-gzip`, `-br`, `;gzip`) or without, public or full body.
 */
import { createHash } from 'node:crypto';

export function featureEtag(version: number, body: string | Uint8Array): string {
  return `"${version}-${createHash('sha1').update(body).digest('base64url').slice(0, 16)}"`;
}

/** `*`, the versions named by an If-Match header (unparseable tags name none), or undefined if absent. */
export function parseIfMatch(header: string | undefined): '*' | number[] | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return '*';
  const versions: number[] = [];
  for (const raw of header.split(',')) {
    const tag = raw
      .trim()
      .replace(/^W\//i, '')
      .replace(/^"|"$/g, '')
      .replace(/(;|-)(gz|gzip|br|deflate|zstd)$/i, '');
    const m = /^(\d{1,12})(-[A-Za-z0-9_-]*)?$/.exec(tag);
    if (m) versions.push(Number(m[1]));
  }
  return versions;
}
