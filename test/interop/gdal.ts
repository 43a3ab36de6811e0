/** Running GDAL's command-line tools from tests; a missing GDAL fails with the package to install. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

export function requireGdal(tool: 'ogr2ogr' | 'ogrinfo'): string {
  const path = `/usr/bin/${tool}`;
  if (!existsSync(path)) throw new Error(`${tool} is missing: these tests need GDAL's command-line tools (apt-get install gdal-bin).`);
  return path;
}

/** `ogr2ogr -f GeoJSON /vsistdout/ SOURCE LAYER [args]` parsed. */
export async function ogrToGeoJson(source: string, layer: string, args: string[] = []): Promise<{ features: { id?: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }> {
  const { stdout } = await run(requireGdal('ogr2ogr'), ['-f', 'GeoJSON', '/vsistdout/', source, layer, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return JSON.parse(stdout);
}

export async function ogrinfo(args: string[]): Promise<string> {
  const { stdout } = await run(requireGdal('ogrinfo'), args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
