/**
 * What the pointer is over, kept outside React state at the top of a view: the map writes it on
 * every mouse move and only the tooltip, subscribed with useSyncExternalStore, re-renders.
 */
import { useSyncExternalStore } from 'react';
import type { HoverInfo } from '../map';

export interface HoverStore {
  get(): HoverInfo | null;
  /** Stable: safe to pass as the map's onHover. */
  set(h: HoverInfo | null): void;
  subscribe(listener: () => void): () => void;
}

export function createHoverStore(): HoverStore {
  let value: HoverInfo | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set: (h) => {
      if (h === value || (h === null && value === null)) return;
      value = h;
      for (const l of listeners) l();
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
  };
}

export function useHover(store: HoverStore): HoverInfo | null {
  return useSyncExternalStore(store.subscribe, store.get, store.get);
}
