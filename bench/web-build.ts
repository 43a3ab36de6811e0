/** Builds the web app once for the benchmarks (Vite JS API, manifest on) and sizes each view's initial JS. */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');

export async function buildWebForBench(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // With the window.__sgm* handles the browser bench reads (web/src/lib/testHooks.ts).
  await build({ configFile: join(ROOT, 'vite.config.ts'), logLevel: 'warn', define: { __SGM_TEST_HOOKS__: 'true' }, build: { outDir, emptyOutDir: true, manifest: true } });
}

interface ManifestChunk {
  file: string;
  imports?: string[];
  isEntry?: boolean;
}

export interface BundleSize {
  view: string;
  files: number;
  raw: number;
  gzip: number;
}

export const VIEWS: { view: string; entry: string }[] = [
  { view: '/', entry: 'index.html' },
  { view: '/screen', entry: 'screen.html' },
  { view: '/embed', entry: 'embed.html' },
];

/** Initial JS of each view: its entry chunk plus every chunk it imports statically (not dynamic imports). */
export function bundleSizes(outDir: string): BundleSize[] {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  return VIEWS.map(({ view, entry }) => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      for (const k of manifest[key].imports ?? []) visit(k);
    };
    visit(entry);
    let raw = 0;
    let gzip = 0;
    const files = [...seen].map((k) => manifest[k].file).filter((f) => f.endsWith('.js') || f.endsWith('.mjs'));
    for (const f of files) {
      const bytes = readFileSync(join(outDir, f));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { view, files: files.length, raw, gzip };
  });
}
