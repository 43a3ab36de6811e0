/**
 * scripts/start.mjs (`npm start`): the server compiled once and cached, rebuilt exactly when a file
 * it was built from changed. A small project in a temporary directory stands in for server/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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

  it('puts code behind a dynamic import() in a chunk beside main.js, loaded on use, and rebuilds when it changes', async () => {
    write('server/main.ts', "import { word } from './word';\nconst lazy = process.argv[2] ? await import('./lazy') : undefined;\nconsole.log(`main ${word}${lazy ? ` ${lazy.more}` : ''}`);\n");
    write('server/lazy.ts', "import { word } from './word';\nexport const more: string = `lazy ${word}`;\n");
    const first = await build();
    const dir = dirname(first.main);
    const chunks = readdirSync(dir).filter((f) => f.endsWith('.js') && f !== 'main.js' && f !== 'import-worker.js');
    expect(chunks.some((f) => f.startsWith('lazy-'))).toBe(true);
    // main.js does not import the lazy chunk statically: only through import().
    const lazyChunk = chunks.find((f) => f.startsWith('lazy-'))!;
    const mainJs = readFileSync(first.main, 'utf8');
    expect(mainJs).toContain(`import("./${lazyChunk}")`);
    expect(mainJs).not.toMatch(new RegExp(`from "\\./${lazyChunk.replace('.', '\\.')}"`));
    expect(run(first.main)).toBe('main one');
    expect(execFileSync(process.execPath, [first.main, 'lazy'], { encoding: 'utf8' }).trim()).toBe('main one lazy one');
    // A change to the file only the chunk holds changes the key.
    write('server/lazy.ts', "import { word } from './word';\nexport const more: string = `later ${word}`;\n");
    const second = await build();
    expect(second.built).toBe(true);
    expect(second.key).not.toBe(first.key);
    expect(execFileSync(process.execPath, [second.main, 'lazy'], { encoding: 'utf8' }).trim()).toBe('main one later one');
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

describe('the real server compiled by scripts/start.mjs', () => {
  it('loads neither PostgreSQL nor the import/export format parsers at start (they are behind import())', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'sgm-start-real-'));
    try {
      const { main } = await ensureServerBuild({ cacheDir: cache });
      // Every package main.js loads before it runs: its static imports and those of the chunks it imports statically.
      const loaded = new Set<string>();
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const m of readFileSync(join(dirname(main), file), 'utf8').matchAll(/^(?:import|export)\s[^;]*?from\s*"([^"]+)";?$/gms)) {
          if (m[1].startsWith('./')) visit(m[1].slice(2));
          else loaded.add(m[1]);
        }
      };
      visit('main.js');
      expect(loaded.has('hono')).toBe(true); // the scan sees packages at all
      for (const lazy of ['pg', 'peggy', 'node-pg-migrate', 'shpjs', 'proj4', '@xmldom/xmldom', '@tmcw/togeojson', 'dbffile', 'csv-parse', 'chardet', 'iconv-lite', 'exceljs']) expect([...loaded], lazy).not.toContain(lazy);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
