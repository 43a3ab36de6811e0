/**
 * Writes docs/examples/: one small file per import format, each holding the same two real places
 * from data/layers/green-parks.geojson (上饶高铁经济试验区, 上饶经济技术开发区) with their positions
 * converted honestly to the file's coordinate system — gcoord for GCJ-02 / BD-09, GDAL's ogr2ogr
 * (gdal-bin) for the Shapefile in CGCS2000 Gauss–Krüger zone 39. `npx tsx scripts/import-examples.ts`
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import { zipSync } from 'fflate';
import gcoord from 'gcoord';
import iconv from 'iconv-lite';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'docs/examples');
const parks = JSON.parse(readFileSync(join(root, 'data/layers/green-parks.geojson'), 'utf8')).features as { geometry: { coordinates: [number, number] }; properties: { id: string; name: string; measures: number[] } }[];
const places = ['park-hsr-economic-pilot-zone', 'park-shangrao-etdz'].map((id) => parks.find((f) => f.properties.id === id)!);
const to = (sys: Parameters<typeof gcoord.transform>[2], p: [number, number]) => (gcoord.transform(p, gcoord.WGS84, sys) as number[]).map((x) => x.toFixed(6));

const note = '示例：位置取自 data/layers/green-parks.geojson';
writeFileSync(join(out, 'projects-gcj02.csv'), '\ufeff名称,经度,纬度,所属措施,备注\n' + places.map((f) => `${f.properties.name},${to(gcoord.GCJ02, f.geometry.coordinates).join(',')},${f.properties.measures.join('、')},${note}（换算为 GCJ-02）`).join('\n') + '\n');
writeFileSync(join(out, 'projects-gbk.csv'), iconv.encode('名称,经度,纬度,所属措施,备注\n' + places.map((f) => `${f.properties.name},${f.geometry.coordinates.join(',')},${f.properties.measures.join('、')},${note}（WGS 84，GBK 编码）`).join('\n') + '\n', 'gbk'));
writeFileSync(join(out, 'projects.geojson'), JSON.stringify({ type: 'FeatureCollection', features: places.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { name: f.properties.name, measures: f.properties.measures, 备注: note } })) }, null, 1) + '\n');

const wb = new ExcelJS.Workbook();
const ws = wb.addWorksheet('项目清单');
ws.addRow(['项目名称', '经度', '纬度', '所属措施', '备注']);
for (const f of places) ws.addRow([f.properties.name, ...to(gcoord.BD09, f.geometry.coordinates).map(Number), f.properties.measures.join('、'), `${note}（换算为 BD-09，百度坐标）`]);
writeFileSync(join(out, 'projects-bd09.xlsx'), new Uint8Array(await wb.xlsx.writeBuffer()));

const kml = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>上饶绿色园区（示例）</name>
${places.map((f) => `  <Placemark><name>${f.properties.name}</name><description>${note}</description><ExtendedData><Data name="所属措施"><value>${f.properties.measures.join('、')}</value></Data></ExtendedData><Point><coordinates>${f.geometry.coordinates.join(',')}</coordinates></Point></Placemark>`).join('\n')}
</Document></kml>
`;
writeFileSync(join(out, 'places.kml'), kml);
writeFileSync(join(out, 'places.kmz'), zipSync({ 'doc.kml': new TextEncoder().encode(kml) }));
writeFileSync(join(out, 'places.gpx'), `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="shangrao-green-map examples" xmlns="http://www.topografix.com/GPX/1/1">
${places.map((f) => `  <wpt lat="${f.geometry.coordinates[1]}" lon="${f.geometry.coordinates[0]}"><name>${f.properties.name}</name><desc>${note}</desc></wpt>`).join('\n')}
</gpx>
`);

const dir = mkdtempSync(join(tmpdir(), 'sgm-examples-'));
try {
  writeFileSync(join(dir, 'in.geojson'), JSON.stringify({ type: 'FeatureCollection', features: places.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: { 名称: f.properties.name, 措施: f.properties.measures.join('、') } })) }));
  execFileSync('ogr2ogr', ['-f', 'ESRI Shapefile', '-t_srs', 'EPSG:4527', '-lco', 'ENCODING=GBK', join(dir, 'parks.shp'), join(dir, 'in.geojson')]);
  const files = Object.fromEntries(readdirSync(dir).filter((f) => f.startsWith('parks.')).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
  writeFileSync(join(out, 'parks-cgcs2000-gk39.zip'), zipSync(files, { mtime: '2026-01-01' }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`wrote ${readdirSync(out).join(', ')}`);
