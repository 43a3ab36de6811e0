/**
 * `asof` over any store (/api, /tiles, /ogc): its own view when it keeps history, else its data as
 * loaded, flagged as before the history.
 */
import type { AsOfInfo } from '../../core/api';
import type { AsOf } from '../../core/asof';
import type { AsOfView, FeatureStore } from './types';

export async function viewAsOf(store: FeatureStore, at: AsOf): Promise<AsOfView> {
  if (store.asOf) return store.asOf(at);
  return { store, changeSet: 0, beforeHistory: true };
}

/** The store to read for `asof` (or the store itself), with what the answer stands for. */
export async function readerAsOf(store: FeatureStore, asof: AsOf | undefined): Promise<{ reader: FeatureStore; info?: AsOfInfo }> {
  if (!asof) return { reader: store };
  const v = await viewAsOf(store, asof);
  return { reader: v.store, info: { date: asof.date, until: asof.until, change_set: v.changeSet, before_history: v.beforeHistory } };
}

/** Headers of an `asof` answer: the day, and whether it is before the history. */
export function asofHeaders(info: AsOfInfo): Record<string, string> {
  return { 'Data-As-Of': info.date, 'Data-As-Of-Before-History': String(info.before_history) };
}
