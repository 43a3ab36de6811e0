/**
 * nginx on loopback serving pre-compressed files: the limit for serving bytes. Uses the Debian
 * package `nginx`; when it is missing the benchmark fails with a message naming it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { stopChild } from './processes';

export const NGINX = '/usr/sbin/nginx';

/**
 * Why nginx cannot be used, or undefined when it is installed. Never installs anything: system
 * packages are the machine's business (`.ci/run` installs them in CI).
 */
export function ensureNginx(): string | undefined {
  if (existsSync(NGINX)) return undefined;
  return `nginx is not installed (${NGINX} is missing); the benchmark needs it as its static-file baseline. Install the Debian package: apt-get install nginx`;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  return new Promise((ok, fail) => {
    const attempt = () => {
      const sock = connect(port, '127.0.0.1');
      sock.once('connect', () => {
        sock.destroy();
        ok();
      });
      sock.once('error', () => {
        sock.destroy();
        if (Date.now() > until) fail(new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Start nginx (daemon off, one worker) serving GET /<name> from `<root>/<name>.gz` as gzip JSON. */
export async function startNginx(prefix: string, root: string): Promise<{ url: string; stop(): Promise<void> }> {
  mkdirSync(prefix, { recursive: true });
  const port = await freePort();
  const conf = join(prefix, 'nginx.conf');
  const temp = (name: string) => `${name}_temp_path ${join(prefix, name)};`;
  writeFileSync(
    conf,
    `daemon off;
${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
  sendfile on;
  tcp_nopush on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  open_file_cache max=100;
  server {
    listen 127.0.0.1:${port};
    root ${root};
    location / {
      default_type "application/json; charset=utf-8";
      add_header Content-Encoding gzip;
      try_files $uri.gz =404;
    }
  }
}
`,
  );
  const child = spawn(NGINX, ['-p', prefix, '-e', join(prefix, 'error.log'), '-c', conf], { stdio: ['ignore', 'inherit', 'inherit'] });
  await waitForPort(port, 10_000);
  return { url: `http://127.0.0.1:${port}`, stop: () => stopChild(child) };
}
