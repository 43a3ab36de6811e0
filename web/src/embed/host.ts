/**
 * Wires the pure protocol (protocol.ts) to `window`: listens to the parent only, enforces the
 * configured origins, and posts to the right target origin — never '*' when origins are set.
 */
import { useEffect, useRef } from 'react';
import { isAllowedOrigin, parentOrigin, parseInbound, targetOrigin, errorMessage, type FilterPatch, type Outbound } from './protocol';

export interface HostBridge {
  /** Post a message to the host page, if framed and allowed. Returns whether it was posted. */
  post(msg: Outbound): boolean;
}

/** True when this page is inside a frame. */
export function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

export function createHostBridge(allowedOrigins: readonly string[]): HostBridge {
  const parent = parentOrigin(window.location.ancestorOrigins, document.referrer);
  const target = targetOrigin(allowedOrigins, parent, window.location.origin);
  return {
    post(msg) {
      if (!isFramed() || target === null) return false;
      window.parent.postMessage(msg, target);
      return true;
    },
  };
}

export interface UseHostApi {
  allowedOrigins: readonly string[];
  layerIds: readonly string[];
  /** False until the data has loaded: messages before then are answered with an error. */
  enabled: boolean;
  onSetFilter(patch: FilterPatch): void;
  /** Returns an error message when the id is not a feature. */
  onSelectFeature(id: string | null): string | undefined;
}

/** Listen for host messages; returns the bridge for outgoing ones. */
export function useHostApi(opts: UseHostApi): HostBridge {
  const latest = useRef(opts);
  latest.current = opts;
  const key = opts.allowedOrigins.join(' ');
  const bridge = useRef<HostBridge | null>(null);
  if (!bridge.current || (bridge.current as HostBridge & { key?: string }).key !== key) {
    bridge.current = Object.assign(createHostBridge(opts.allowedOrigins), { key });
  }

  useEffect(() => {
    const b = bridge.current!;
    const onMessage = (e: MessageEvent) => {
      if (e.source !== window.parent || window.parent === window) return;
      const o = latest.current;
      if (!isAllowedOrigin(e.origin, o.allowedOrigins, window.location.origin)) return;
      const msg = parseInbound(e.data, o.layerIds);
      if (msg.kind === 'ignore') return;
      if (msg.kind === 'error') {
        b.post(errorMessage(msg.message, msg.request));
        return;
      }
      if (!o.enabled) {
        b.post(errorMessage('The map is still loading; send messages after it has posted "ready".', msg.kind));
        return;
      }
      if (msg.kind === 'setFilter') o.onSetFilter(msg.patch);
      else {
        const err = o.onSelectFeature(msg.id);
        if (err) b.post(errorMessage(err, 'selectFeature'));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, [key]);

  return bridge.current;
}
