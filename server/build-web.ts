/** Builds the web app with Vite when its build is missing or older than its sources. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCES = ['web', 'core', 'vite.config.ts', 'package-lock.json'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of readdirSync(path)) if (e !== 'node_modules') newest = Math.max(newest, newestMtime(join(path, e)));
  return newest;
}

/** True when `outDir` lacks a page or is older than any source. */
export function webBuildIsStale(root: string, outDir: string): boolean {
  const pages = ['index.html', 'screen.html', 'embed.html', 'admin.html', 'print.html'].map((f) => join(outDir, f));
  if (pages.some((p) => !existsSync(p))) return true;
  const built = Math.min(...pages.map((p) => statSync(p).mtimeMs));
  return SOURCES.some((s) => newestMtime(join(root, s)) > built);
}

export async function buildWeb(root: string, outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir } });
}
