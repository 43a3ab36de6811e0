/**
 * What the embed loads: the layer registry, county outlines, neighbouring prefectures, config
 * and the public features — nothing else (no measures, no statistics).
 */
import type { ApiFeature, CountiesResponse, LayerInfo } from '../../../core/api';
import type { AppConfig, ApiClient, ContextResponse } from '../lib/api';
import { drawsFromTiles } from '../map/tile-mode';

export interface EmbedData {
  layers: LayerInfo[];
  counties: CountiesResponse;
  context: ContextResponse;
  /** Empty in tile mode (`tiles`: more features than the server's threshold, map/tile-mode.ts). */
  features: ApiFeature[];
  config: AppConfig;
  tiles: boolean;
}

export async function loadEmbedData(api: ApiClient): Promise<EmbedData> {
  const [layersRes, counties, context, config] = await Promise.all([
    api.layers(),
    api.counties(),
    api.context().catch((): ContextResponse => ({ type: 'FeatureCollection', features: [] })),
    api.config(),
  ]);
  const tiles = drawsFromTiles(layersRes.layers, config.tileThreshold);
  const collections = tiles ? [] : await Promise.all(layersRes.layers.map((l) => api.features(l.id)));
  return { layers: layersRes.layers, counties, context, config, features: collections.flatMap((c) => c.features), tiles };
}
