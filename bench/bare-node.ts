/**
 * The framework floor: a bare node:http server answering GET /<name> with the bytes of
 * <dir>/<name>.gz, as gzip JSON — what the real server sends, with nothing in between.
 *   node --import tsx bench/bare-node.ts <dir>
 */
import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const bodies = new Map(readdirSync(dir).filter((f) => f.endsWith('.gz')).map((f) => [`/${f.slice(0, -3)}`, readFileSync(join(dir, f))]));

const server = createServer((req, res) => {
  const body = bodies.get(req.url ?? '');
  if (!body) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Encoding': 'gzip', 'Content-Length': body.length });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const addr = server.address();
  console.log(`bare node listening on ${typeof addr === 'object' && addr ? addr.port : 0}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
