/**
 * One filter, one answer: the same queries through the API (server/store, over HTTP with
 * app.request) and through the browser's matcher (web/src/lib/match.ts, over the features the API
 * serves) must select the same features — for every filter parameter, alone and combined.
 */
import { describe, expect, it } from 'vitest';
import type { ApiFeature } from '../../core/api';
import { COUNTY_CODES, STATUSES } from '../../core/contract';
import { parseFilters } from '../../core/filters';
import { createApp } from '../../server/app';
import { readConfig } from '../../server/config';
import { readDataset } from '../../server/dataset/load';
import { featureMatcher } from '../../web/src/lib/match';
import { openStore } from '../server/stores';

const dataset = await readDataset('data');
const app = await createApp({ store: await openStore(dataset), config: readConfig({ WEB_DIR: '/nonexistent-web-dir' }) });
const layerIds = dataset.layers.map((l) => l.id);

async function getJson(path: string) {
  const res = await app.request(path);
  expect(res.status, path).toBe(200);
  return res.json();
}

/** Every feature, as the browser gets it (one unfiltered request per layer). */
const all: ApiFeature[] = [];
for (const id of layerIds) all.push(...(await getJson(`/api/layers/${id}/features`)).features);

/** The server's answer: matching ids over every layer the query allows, and /api/stats's counts. */
async function serverAnswer(qs: string) {
  const ids: string[] = [];
  // The features endpoint takes one layer in its path instead of `layers`.
  const params = new URLSearchParams(qs);
  const layers = params.get('layers')?.split(',') ?? layerIds;
  params.delete('layers');
  for (const id of layerIds.filter((l) => layers.includes(l))) {
    const fc = await getJson(`/api/layers/${id}/features?${params}`);
    ids.push(...fc.features.map((f: ApiFeature) => f.properties.id));
  }
  const stats = await getJson(`/api/stats?${qs}`);
  const counts = Object.fromEntries(stats.layers.map((l: { id: string; count: number }) => [l.id, l.count]));
  return { ids: ids.sort(), counts };
}

/** The browser's answer for the same query string. */
function browserAnswer(qs: string) {
  const { filters, problems } = parseFilters(new URLSearchParams(qs), { layerIds, allowBbox: true });
  expect(problems).toEqual([]);
  const matches = featureMatcher(filters);
  const hits = all.filter(matches);
  const counts = Object.fromEntries(layerIds.map((id) => [id, hits.filter((f) => f.properties.layer === id).length]));
  return { ids: hits.map((f) => f.properties.id).sort(), counts };
}

const QUERIES = [
  '',
  'q=park',
  'q=PARK',
  'q=%EF%BC%B0%EF%BC%A1%EF%BC%B2%EF%BC%AB', // ＰＡＲＫ, full-width
  'q=scenic-',
  'q=industrial%20park',
  'q=industrial%20%20%20park',
  'q=%E5%A9%BA%E6%BA%90', // 婺源
  'q=%E5%85%AC%E5%9B%AD', // 公园
  'q=Gas',
  'layers=green-parks,waterways',
  'layers=scenic-areas&q=park',
  `county=${COUNTY_CODES[0]}`,
  'county=361130,361102',
  'county=361121',
  'measure=4',
  'measure=13,16',
  'status=planned',
  `status=${STATUSES.join(',')}`,
  'bbox=117.5,28.2,118.2,28.8',
  'bbox=117.9,28.4,117.95,28.45',
  'bbox=100,10,101,11',
  'county=361130&measure=4&status=planned',
  'layers=gas-pipelines&county=361123&bbox=117,28,119,29.5&q=gas',
];

describe('filter parity: API and browser give one answer', () => {
  it('has data to compare (the queries select something and not everything)', () => {
    expect(all.length).toBeGreaterThan(20);
    const park = browserAnswer('q=park').ids;
    expect(park.length).toBeGreaterThan(0);
    expect(park.length).toBeLessThan(all.length);
  });

  for (const qs of QUERIES) {
    it(`same features and layer counts for "${qs || '(no filter)'}"`, async () => {
      expect(await serverAnswer(qs)).toEqual(browserAnswer(qs));
    });
  }

  it('same answers on pseudo-random combinations of every parameter', async () => {
    let seed = 12;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    const words = ['park', 'Park', 'gas', '区', '山', 'zone', 'ＺＯＮＥ', 'river', '-'];
    for (let i = 0; i < 40; i++) {
      const p = new URLSearchParams();
      if (rand() < 0.4) p.set('layers', [pick(layerIds), pick(layerIds)].join(','));
      if (rand() < 0.4) p.set('county', [pick(COUNTY_CODES), pick(COUNTY_CODES)].join(','));
      if (rand() < 0.4) p.set('measure', String(1 + Math.floor(rand() * 23)));
      if (rand() < 0.4) p.set('status', pick(STATUSES));
      if (rand() < 0.4) p.set('q', pick(words));
      if (rand() < 0.3) {
        const lon = 116.5 + rand() * 2;
        const lat = 28 + rand() * 1.5;
        p.set('bbox', [lon, lat, lon + rand(), lat + rand()].map((x) => x.toFixed(3)).join(','));
      }
      const qs = p.toString();
      expect(await serverAnswer(qs), qs).toEqual(browserAnswer(qs));
    }
  });
});
