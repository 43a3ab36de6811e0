/**
 * "Light": the initial JavaScript of /embed (gzip) is at most 60% of the planner view's, measured
 * on the build the browser suite made (inject('webDir')). Initial = the page's entry script plus
 * every chunk it imports statically (what the browser must fetch before the page runs); chunks
 * loaded with import() later are reported separately.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

/** Entry script of an HTML page and the closure of its static imports, as asset paths. */
function initialChunks(webDir: string, html: string): string[] {
  const page = readFileSync(join(webDir, html), 'utf8');
  const entry = /<script[^>]+type="module"[^>]+src="\/([^"]+\.js)"/.exec(page)?.[1];
  if (!entry) throw new Error(`${html} has no module script`);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(webDir, file), 'utf8');
    const dir = file.slice(0, file.lastIndexOf('/') + 1);
    // Static imports only: `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"` — not `import("./x.js")`.
    for (const m of code.matchAll(/(?:\bimport|\bexport)\s*(?:[\w*${}\s,]+from\s*)?["'](\.\/[^"']+\.js)["']/g)) visit(dir + m[1].slice(2));
  };
  visit(entry);
  return [...seen];
}

const gzipSize = (webDir: string, files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(join(webDir, f))).length, 0);

describe('embed weight', () => {
  it('initial JS of /embed is at most 60% of the planner view’s (gzip)', () => {
    const webDir = inject('webDir');
    const embed = initialChunks(webDir, 'embed.html');
    const planner = initialChunks(webDir, 'index.html');
    const e = gzipSize(webDir, embed);
    const p = gzipSize(webDir, planner);
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    console.log(`initial JS (gzip): /embed ${kb(e)} (${embed.join(', ')}); / ${kb(p)} (${planner.length} chunks); ratio ${((100 * e) / p).toFixed(0)}%`);
    // The map libraries (MapLibre, deck.gl: hundreds of kB) are not in the first script.
    expect(embed.filter((f) => gzipSize(webDir, [f]) > 150_000)).toEqual([]);
    expect(e).toBeLessThanOrEqual(0.6 * p);
  });
});
