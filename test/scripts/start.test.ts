/**
 * scripts/start.mjs (`npm start`): the server compiled once and cached, rebuilt exactly when a file
 * it was built from changed. A small project in a temporary directory stands in for server/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureServerBuild } from '../../scripts/start.mjs';

let root: string;
let cacheDir: string;
const write = (rel: string, text: string) => {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
};
const build = () => ensureServerBuild({ root, cacheDir });
const run = (main: string) => execFileSync(process.execPath, [main], { encoding: 'utf8' }).trim();

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'sgm-start-'));
  cacheDir = join(root, 'node_modules/.cache/sgm-server');
  mkdirSync(join(root, 'node_modules'));
  symlinkSync(resolve('node_modules/esbuild'), join(root, 'node_modules/esbuild'));
  write('server/main.ts', "import { word } from './word';\nconsole.log(`main ${word}`);\n");
  write('server/word.ts', "export const word: string = 'one';\n");
  write('server/import/worker.ts', 'export default () => 1;\n');
  write('server/ogc/cql2.peggy', 'start = "x"\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('scripts/start.mjs', () => {
  it('compiles on the first start, with the worker and the assets beside the bundle', async () => {
    const first = await build();
    expect(first.built).toBe(true);
    expect(run(first.main)).toBe('main one');
    expect(existsSync(join(dirname(first.main), 'import-worker.js'))).toBe(true);
    expect(existsSync(join(dirname(first.main), 'cql2.peggy'))).toBe(true);
  });

  it('reuses the build while no source changed, also when unrelated files appear', async () => {
    const first = await build();
    write('server/unused.ts', 'export const x = 1;\n');
    const again = await build();
    expect(again).toEqual({ main: first.main, key: first.key, built: false });
  });

  it('rebuilds when an imported file changes, and runs the new code', async () => {
    const first = await build();
    write('server/word.ts', "export const word: string = 'two';\n");
    const second = await build();
    expect(second.built).toBe(true);
    expect(second.key).not.toBe(first.key);
    expect(run(second.main)).toBe('main two');
    // Back to the first content: the same key as the first build.
    write('server/word.ts', "export const word: string = 'one';\n");
    expect((await build()).key).toBe(first.key);
  });

  it('rebuilds when an imported file is gone or an asset changed', async () => {
    const first = await build();
    write('server/main.ts', "console.log('main alone');\n");
    rmSync(join(root, 'server/word.ts'));
    const second = await build();
    expect(second.built).toBe(true);
    expect(run(second.main)).toBe('main alone');
    write('server/ogc/cql2.peggy', 'start = "y"\n');
    const third = await build();
    expect(third.built).toBe(true);
    expect(new Set([first.key, second.key, third.key]).size).toBe(3);
  });

  it('builds again when the cache manifest is unreadable', async () => {
    await build();
    writeFileSync(join(cacheDir, 'server_main.ts.json'), '{not json');
    expect((await build()).built).toBe(true);
  });

  it('fails with esbuild\'s message on a syntax error, leaving no half-written build', async () => {
    write('server/word.ts', 'export const = ;\n');
    await expect(build()).rejects.toThrow(/word\.ts/);
    expect(readdirSync(cacheDir).filter((f) => f.startsWith('tmp-'))).toEqual([]);
  });
});
