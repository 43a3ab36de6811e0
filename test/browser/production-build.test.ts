/**
 * A production build (`npm run build`, what `npm start` serves) carries no test hooks: no
 * `window.__sgm*` handle in any page's JavaScript, while the browser tests' build has them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const outDir = mkdtempSync(join(tmpdir(), 'sgm-prod-web-'));

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Every .js file under a build's assets/ with its text. */
function scripts(dir: string): { file: string; text: string }[] {
  return readdirSync(join(dir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ file: f, text: readFileSync(join(dir, 'assets', f), 'utf8') }));
}

describe('production build', () => {
  it('has no window.__sgm* test hooks; the test build has them', { timeout: 300_000 }, async () => {
    const { build } = await import('vite');
    await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    const prod = scripts(outDir);
    expect(prod.length).toBeGreaterThan(2);
    expect(prod.filter((s) => s.text.includes('__sgm')).map((s) => s.file)).toEqual([]);
    // The same check would see them: the browser tests' build (global-setup) has the handles.
    expect(scripts(inject('webDir')).some((s) => s.text.includes('__sgmMap'))).toBe(true);
  });
});
