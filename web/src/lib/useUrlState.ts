/**
 * React binding of the URL state: reads `location.search`, follows back/forward (popstate), and
 * writes changes with pushState (discrete choices, so back/forward step through them) or
 * replaceState (typing, so history is not flooded).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ParamProblem } from '../../../core/filters';
import { parseUrlState, serializeUrlState, type UrlState } from './urlState';

export type HistoryMode = 'push' | 'replace';

/** Dispatched on window after this hook writes the address. */
export const URL_CHANGE_EVENT = 'sgm:urlchange';

export interface UseUrlState {
  state: UrlState;
  /** Values in the address that were ignored, to show on the page. */
  problems: ParamProblem[];
  /** Apply a change and write it to the address. */
  update: (change: (s: UrlState) => UrlState, mode?: HistoryMode) => void;
}

/**
 * @param layerIds - known layer ids; until they are known (empty), `layers` values are kept unchecked.
 * @param extraParams - parameters the view reads itself (not reported as unknown).
 */
export function useUrlState(layerIds: readonly string[], extraParams: readonly string[] = []): UseUrlState {
  const layerKey = layerIds.join(',');
  const extraKey = extraParams.join(',');
  const read = useCallback(
    () => parseUrlState(window.location.search, { layerIds: layerKey ? layerKey.split(',') : [], extraParams: extraKey ? extraKey.split(',') : [] }),
    [layerKey, extraKey],
  );
  const [parsed, setParsed] = useState(read);

  useEffect(() => {
    setParsed(read());
    const onPop = () => setParsed(read());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [read]);

  const update = useCallback((change: (s: UrlState) => UrlState, mode: HistoryMode = 'push') => {
    setParsed((prev) => {
      const state = change(prev.state);
      const keep = new URLSearchParams(window.location.search);
      const extra: Record<string, string> = {};
      for (const k of extraKey ? extraKey.split(',') : []) {
        const v = keep.get(k);
        if (v !== null) extra[k] = v;
      }
      const qs = serializeUrlState(state, extra);
      const url = `${window.location.pathname}${qs ? `?${qs}` : ''}${window.location.hash}`;
      if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) {
        if (mode === 'push') window.history.pushState(null, '', url);
        else window.history.replaceState(null, '', url);
        // pushState fires no event: tell listeners outside this hook (web/src/time/useAsOf.ts), after this update.
        queueMicrotask(() => window.dispatchEvent(new Event(URL_CHANGE_EVENT)));
      }
      return { state, problems: prev.problems };
    });
  }, [extraKey]);

  return { state: parsed.state, problems: parsed.problems, update };
}
