/**
 * The in-memory FeatureStore: built once from a validated Dataset, answers queries from arrays
 * and a flatbush index. County membership and per-county sizes are computed here, at build.
 */
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ApiFeature, CountiesResponse, HealthResponse, LayerInfo, StatsResponse } from '../../core/api';
import { COUNTIES } from '../../core/contract';
import type { Filters } from '../../core/filters';
import type { ContextProperties, Dataset, Measure } from '../../core/schema';
import { CountyIndex } from './membership';
import { page, queryMatcher } from './query';
import { toRecord, type FeatureRecord } from './records';
import { computeStats } from './stats';
import type { FeaturePage, FeatureQuery, FeatureStore } from './types';

export class MemoryStore implements FeatureStore {
  readonly version: string;
  private readonly records: FeatureRecord[];
  private readonly byId: Map<string, FeatureRecord>;
  private readonly spatial: Flatbush;
  private readonly loadedAt = new Date().toISOString();
  private readonly countiesFc: CountiesResponse;

  constructor(private readonly dataset: Dataset) {
    this.version = dataset.version;
    const index = new CountyIndex(dataset.counties);
    const layerById = new Map(dataset.layers.map((l) => [l.id, l]));
    this.records = dataset.features.map((f) => toRecord(f, layerById.get(f.properties.layer)!, index));
    this.byId = new Map(this.records.map((r) => [r.id, r]));
    this.spatial = new Flatbush(Math.max(this.records.length, 1));
    for (const r of this.records) this.spatial.add(r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3]);
    if (this.records.length === 0) this.spatial.add(0, 0, 0, 0);
    this.spatial.finish();
    this.countiesFc = {
      type: 'FeatureCollection',
      ...(dataset.boundaries?.counties ? { boundaries: dataset.boundaries.counties } : {}),
      features: dataset.counties.map((c) => ({
        type: 'Feature',
        id: c.properties.code,
        geometry: c.geometry,
        properties: { code: c.properties.code, name: c.properties.name, name_en: c.properties.name_en },
      })),
    };
  }

  private match(q: FeatureQuery): FeatureRecord[] {
    const candidates = q.bbox
      ? this.spatial
          .search(q.bbox[0], q.bbox[1], q.bbox[2], q.bbox[3])
          .filter((i) => i < this.records.length)
          .sort((a, b) => a - b)
          .map((i) => this.records[i])
      : this.records;
    return candidates.filter(queryMatcher(q));
  }

  async health(): Promise<HealthResponse['store']> {
    return {
      kind: 'memory',
      features: this.records.length,
      layers: this.dataset.layers.length,
      data_version: this.version,
      loaded_at: this.loadedAt,
    };
  }

  async layers(): Promise<LayerInfo[]> {
    const counts = new Map<string, number>();
    for (const r of this.records) counts.set(r.layer, (counts.get(r.layer) ?? 0) + 1);
    return this.dataset.layers.map(({ file: _file, public_properties: _pp, ...info }) => ({ ...info, count: counts.get(info.id) ?? 0 }));
  }

  async layerIds(): Promise<string[]> {
    return this.dataset.layers.map((l) => l.id);
  }

  async features(q: FeatureQuery): Promise<FeaturePage> {
    const all = this.match(q);
    const paged = page(all, q);
    return { numberMatched: all.length, features: paged.map((r) => r.publicFeature), json: paged.map((r) => r.publicJson) };
  }

  async feature(id: string): Promise<ApiFeature | undefined> {
    return this.byId.get(id)?.publicFeature;
  }

  async counties(): Promise<CountiesResponse> {
    return this.countiesFc;
  }

  async context(): Promise<FeatureCollection<Polygon | MultiPolygon, ContextProperties>> {
    return { type: 'FeatureCollection', ...(this.dataset.boundaries?.context ? { boundaries: this.dataset.boundaries.context } : {}), features: this.dataset.context };
  }

  async measures(): Promise<Measure[]> {
    return this.dataset.measures;
  }

  async stats(filters: Filters): Promise<StatsResponse> {
    return computeStats({
      filters,
      version: this.version,
      matches: this.match(filters),
      layers: this.dataset.layers,
      measures: this.dataset.measures,
      counties: [...COUNTIES],
    });
  }
}
