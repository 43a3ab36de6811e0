/**
 * The in-memory FeatureStore: built once from a validated Dataset, answers queries from arrays
 * and a flatbush index. County membership and per-county sizes are computed here, at build.
 */
import Flatbush from 'flatbush';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { ApiFeature, CountiesResponse, HealthResponse, LayerInfo, StatsResponse } from '../../core/api';
import { COUNTIES } from '../../core/contract';
import type { Filters } from '../../core/filters';
import type { ProgressReport } from '../../core/changes';
import type { ContextProperties, Dataset, Measure } from '../../core/schema';
import { CountyIndex } from './membership';
import { page, queryMatcher } from './query';
import { toRecord, type FeatureRecord } from './records';
import { computeStats } from './stats';
import type { FeaturePage, FeatureQuery, FeatureStore } from './types';

/**
 * What a writable store hands over for one data version: records already built (only changed
 * features are rebuilt), the county index, the version and the progress reports.
 */
export interface PrebuiltView {
  records: FeatureRecord[];
  index: CountyIndex;
  version: string;
  progress: ProgressReport[];
  loadedAt: string;
  /** The records by id, when the caller has built it already (in slices: memory/embedded-store.ts). */
  byId?: Map<string, FeatureRecord>;
  /** The records' spatial index, likewise; else built on the first bbox query. */
  spatial?: Flatbush;
}

export class MemoryStore implements FeatureStore {
  readonly version: string;
  readonly index: CountyIndex;
  private readonly records: FeatureRecord[];
  private readonly byId: Map<string, FeatureRecord>;
  private spatialIndex?: Flatbush;
  private readonly loadedAt: string;
  private readonly countiesFc: CountiesResponse;
  private readonly progress?: ProgressReport[];

  /** Immutable once built: a writable store builds a new one per data version (see memory/). */
  constructor(
    private readonly dataset: Dataset,
    prebuilt?: PrebuiltView,
  ) {
    this.version = prebuilt?.version ?? dataset.version;
    this.index = prebuilt?.index ?? new CountyIndex(dataset.counties);
    this.loadedAt = prebuilt?.loadedAt ?? new Date().toISOString();
    this.progress = prebuilt?.progress;
    const layerById = new Map(dataset.layers.map((l) => [l.id, l]));
    this.records = prebuilt?.records ?? dataset.features.map((f) => toRecord(f, layerById.get(f.properties.layer)!, this.index));
    this.byId = prebuilt?.byId ?? new Map(this.records.map((r) => [r.id, r]));
    this.spatialIndex = prebuilt ? prebuilt.spatial : this.buildSpatial();
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

  /** Built at construction for a loaded dataset; on first bbox query for a writable store's versions. */
  private get spatial(): Flatbush {
    return (this.spatialIndex ??= this.buildSpatial());
  }

  private buildSpatial(): Flatbush {
    const spatial = new Flatbush(Math.max(this.records.length, 1));
    for (const r of this.records) spatial.add(r.bbox[0], r.bbox[1], r.bbox[2], r.bbox[3]);
    if (this.records.length === 0) spatial.add(0, 0, 0, 0);
    spatial.finish();
    return spatial;
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
    return { numberMatched: all.length, features: paged.map((r) => r.publicFeature), json: paged.map((r) => r.publicJson.toString()) };
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
      progress: this.progress,
    });
  }
}
