/** Raw response bytes (no decompression) of a GET on loopback. */
import { get } from 'node:http';

export function getBytes(url: string, acceptEncoding = 'gzip'): Promise<{ status: number; encoding: string; body: Buffer }> {
  return new Promise((ok, fail) => {
    get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ status: res.statusCode ?? 0, encoding: String(res.headers['content-encoding'] ?? 'identity'), body: Buffer.concat(chunks) }));
      res.on('error', fail);
    }).on('error', fail);
  });
}
