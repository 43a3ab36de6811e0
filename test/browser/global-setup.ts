/**
 * Browser-suite setup: build the web app with Vite's JS API into a fresh temp dir (never dist/web:
 * others build in parallel), start the real server on a free port with WEB_DIR pointing at it,
 * and provide its base URL to the tests (`inject('baseUrl')`). Teardown stops the server and
 * removes the build.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    webDir: string;
    /** The test server's state directory (its accounts.json: tests add accounts there). */
    stateDir: string;
  }
}

const ROOT = resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Start `server/main.ts` and resolve with its URL once its store is loaded ("Ready:"), or with
 * `until: 'listening'` as soon as it listens (it answers 503 `starting` until ready: the tests of
 * a server whose database is away use that).
 */
export function startServer(env: Record<string, string>, timeoutMs = 60_000, until: 'ready' | 'listening' = 'ready'): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', SKIP_WEB_BUILD: '1', STATE_DIR: mkdtempSync(join(tmpdir(), 'sgm-state-')), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      fail(new Error(`server did not print its ${until === 'ready' ? '"Ready:"' : 'listening'} line within ${timeoutMs} ms; output:\n${out}`));
    }, timeoutMs);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = (until === 'ready' ? /Shangrao Green Map listening on (http:\/\/localhost:\d+\/)[\s\S]*Ready:/ : /Shangrao Green Map listening on (http:\/\/localhost:\d+\/)/).exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ url: m[1].replace('localhost', '127.0.0.1'), child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`server exited with code ${code} before listening; output:\n${out}`));
    });
  });
}

export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) throw new Error(`Browser tests need Debian Chromium at ${CHROMIUM} (apt-get install chromium); it is missing.`);
  const webDir = mkdtempSync(join(tmpdir(), 'sgm-web-'));
  const { build } = await import('vite');
  // With the window.__sgm* handles the driver uses (web/src/lib/testHooks.ts); production builds have none.
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', define: { __SGM_TEST_HOOKS__: 'true' }, build: { outDir: webDir, emptyOutDir: true } });
  const stateDir = mkdtempSync(join(tmpdir(), 'sgm-state-'));
  const { url, child } = await startServer({ WEB_DIR: webDir, STATE_DIR: stateDir });
  project.provide('baseUrl', url);
  project.provide('stateDir', stateDir);
  project.provide('webDir', webDir);
  return async () => {
    await new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => {
        child.kill('SIGKILL');
        done();
      }, 5000).unref();
    });
    rmSync(webDir, { recursive: true, force: true });
  };
}
