/**
 * The bare MapLibre page the planner's first idle is compared with: the same basemap style
 * (buildBasemapStyle from web/src/map/style.ts, with the server's counties and context) and the
 * same features (every layer from the same API — or, in tile mode, the same vector tiles), drawn with
 * plain MapLibre layers, no React, no deck.gl.
 * Served through Playwright routes under /__bench/ on the real server's origin.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { buildBasemapStyle } from '../web/src/map/style';

const MAPLIBRE_DIST = resolve(import.meta.dirname, '../node_modules/maplibre-gl/dist');

async function json(url: string): Promise<unknown> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.json();
}

/**
 * How the bare page draws points: `circles` (4 px circle layers, the baseline), or `icons` — what the
 * planner's tile mode does (web/src/map/tile-style.ts): a symbol layer per layer, a 26-px icon per
 * precision tinted in the layer's colour (`map.addImage`, here a ring drawn on a canvas), every point
 * placed (`icon-allow-overlap`, `icon-ignore-placement`). Tells the cost of the icons apart from the
 * cost of the rest of the planner page.
 */
export type BarePoints = 'circles' | 'icons';

function html(style: unknown, layers: { id: string; color: string }[], tiles = false, points: BarePoints = 'circles'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bare MapLibre</title>
<link rel="stylesheet" href="/__bench/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%;width:100%}</style></head>
<body><div id="map"></div>
<script type="module">
import { Map } from '/__bench/maplibre-gl.mjs';
const style = ${JSON.stringify(style)};
const layers = ${JSON.stringify(layers)};
const map = new Map({ container: 'map', style, bounds: [115.9, 27.9, 118.5, 29.6], fitBoundsOptions: { padding: 24 } });
window.__sgmMap = map;
const tiles = ${tiles};
const icons = ${points === 'icons'};
const PRECISIONS = ['surveyed', 'approximate', 'schematic'];
function ring(colour, precision) {
  const c = document.createElement('canvas');
  c.width = c.height = 26;
  const g = c.getContext('2d');
  g.beginPath();
  g.arc(13, 13, 10, 0, 2 * Math.PI);
  g.fillStyle = precision === 'surveyed' ? colour : '#ffffff';
  g.fill();
  g.lineWidth = 3;
  g.strokeStyle = colour;
  if (precision === 'schematic') g.setLineDash([4, 3]);
  g.stroke();
  return g.getImageData(0, 0, 26, 26);
}
const data = tiles ? Promise.resolve([]) : Promise.all(layers.map((l) => fetch('/api/layers/' + l.id + '/features', { headers: { accept: 'application/json' } }).then((r) => r.json())));
map.on('load', async () => {
  const fcs = await data;
  layers.forEach((l, i) => {
    // Tile mode: the very tiles the planner draws, as a MapLibre vector source.
    if (tiles) map.addSource(l.id, { type: 'vector', tiles: [location.origin + '/tiles/' + l.id + '/{z}/{x}/{y}.mvt'], minzoom: 0, maxzoom: 16 });
    else map.addSource(l.id, { type: 'geojson', data: fcs[i] });
    const src = tiles ? { source: l.id, 'source-layer': l.id } : { source: l.id };
    map.addLayer({ id: l.id + '-fill', type: 'fill', ...src, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': l.color, 'fill-opacity': 0.4 } });
    map.addLayer({ id: l.id + '-line', type: 'line', ...src, filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': l.color, 'line-width': 2 } });
    if (icons) {
      for (const p of PRECISIONS) map.addImage(l.id + '/' + p, ring(l.color, p));
      const image = ['match', ['get', 'precision'], ...PRECISIONS.flatMap((p) => [p, l.id + '/' + p]), l.id + '/approximate'];
      map.addLayer({ id: l.id + '-point', type: 'symbol', ...src, filter: ['==', ['geometry-type'], 'Point'], layout: { 'icon-image': image, 'icon-allow-overlap': true, 'icon-ignore-placement': true } });
    } else map.addLayer({ id: l.id + '-point', type: 'circle', ...src, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': l.color, 'circle-radius': 4 } });
  });
});
</script></body></html>`;
}

/**
 * Install routes on `page` so that `${serverUrl}/__bench/bare.html` is the bare page. `tiles`: the
 * planner's tile mode — the bare page draws the same /tiles as MapLibre vector sources. `points`: see {@link BarePoints}.
 */
export async function routeBarePage(page: Page, serverUrl: string, tiles = false, points: BarePoints = 'circles'): Promise<string> {
  const [counties, context, reg] = await Promise.all([json(`${serverUrl}/api/counties`), json(`${serverUrl}/api/context`), json(`${serverUrl}/api/layers`)]);
  const style = buildBasemapStyle({ theme: 'light', counties: counties as never, context: context as never });
  const layers = (reg as { layers: { id: string; color: string }[] }).layers.map((l) => ({ id: l.id, color: l.color }));
  const page0 = html(style, layers, tiles, points);
  await page.route('**/__bench/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__bench/', '');
    if (name === 'bare.html') return route.fulfill({ body: page0, contentType: 'text/html; charset=utf-8' });
    if (!/^maplibre-gl[\w-]*\.(mjs|css)$/.test(name)) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ body: readFileSync(join(MAPLIBRE_DIST, name)), contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript' });
  });
  return `${serverUrl}/__bench/bare.html`;
}
