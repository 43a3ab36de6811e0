/**
 * The server's /api/config and the browser's reading of it agree: the body the server builds from
 * BASEMAPS / TIANDITU_TOKEN / BASEMAP_STYLE / BASEMAP_PMTILES / EMBED_FRAME_ANCESTORS turns the same things on in the browser.
 */
import { describe, expect, it } from 'vitest';
import { testApp } from '../server/app-factory';
import { parseConfig } from '../../web/src/lib/api';
import { onlineBasemap } from '../../web/src/map/style';

async function configFor(env: Record<string, string>) {
  const app = await testApp(undefined, env);
  return parseConfig(await (await app.request('/api/config')).json());
}

describe('/api/config as the browser reads it', () => {
  it('turns 天地图 on with its token when the deployment does', async () => {
    const cfg = await configFor({ BASEMAPS: 'tianditu', TIANDITU_TOKEN: 'k3y' });
    expect(cfg.basemaps).toEqual({ osm: false, tianditu: { token: 'k3y' }, own: null });
    const tiles = onlineBasemap('tianditu', cfg)?.tiles ?? [];
    expect(tiles).toHaveLength(4);
    expect(tiles[0]).toMatch(/^https:\/\/t0\.tianditu\.gov\.cn\/.*&tk=k3y$/);
  });

  it('keeps 天地图 off without a token, and OSM as configured', async () => {
    expect((await configFor({ BASEMAPS: 'tianditu' })).basemaps).toEqual({ osm: false, tianditu: null, own: null });
    expect((await configFor({ BASEMAPS: 'osm' })).basemaps).toEqual({ osm: true, tianditu: null, own: null });
    expect((await configFor({})).basemaps).toEqual({ osm: false, tianditu: null, own: null });
  });

  it("hands the deployment's own basemap on: a style URL, or our PMTiles archive's path", async () => {
    expect((await configFor({ BASEMAP_STYLE: 'https://gis.example.gov.cn/styles/city/style.json' })).basemaps.own).toEqual({
      kind: 'style',
      url: 'https://gis.example.gov.cn/styles/city/style.json',
    });
    expect((await configFor({ BASEMAP_PMTILES: 'anything.pmtiles' })).basemaps.own).toEqual({ kind: 'pmtiles', url: '/basemap/tiles.pmtiles' });
  });

  it('passes the embed origins on', async () => {
    expect((await configFor({ EMBED_FRAME_ANCESTORS: 'https://a.example https://b.example' })).embedOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect((await configFor({})).embedOrigins).toEqual([]);
  });
});
