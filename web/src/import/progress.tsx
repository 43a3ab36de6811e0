/**
 * The progress bar of uploads, parsing and applying: shown only when a step takes longer than a
 * second: the upload's bytes, then the rows the server has read (GET /api/imports/{id}), or an
 * indeterminate bar while neither is known (applying, reverting).
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Translate } from '../i18n';

export const SHOW_AFTER_MS = 1000;

export type Phase = 'upload' | 'server' | 'apply';

export interface ProgressState {
  busy: boolean;
  /** Shown (busy for longer than {@link SHOW_AFTER_MS}). */
  shown: boolean;
  phase: Phase;
  /** 0–1: bytes sent, or rows the server has read; undefined (indeterminate) when the total is not known. */
  fraction?: number;
}

const IDLE: ProgressState = { busy: false, shown: false, phase: 'upload' };

/** The fraction of an upload, or undefined when its total is unknown. */
export function fractionOf(loaded: number, total: number): number | undefined {
  return total > 0 ? Math.min(1, Math.max(0, loaded / total)) : undefined;
}

export function useProgress() {
  const [state, setState] = useState<ProgressState>(IDLE);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const start = useCallback((phase: Phase) => {
    clearTimeout(timer.current);
    setState({ busy: true, shown: false, phase });
    timer.current = setTimeout(() => setState((s) => (s.busy ? { ...s, shown: true } : s)), SHOW_AFTER_MS);
  }, []);
  const stop = useCallback(() => {
    clearTimeout(timer.current);
    setState(IDLE);
  }, []);
  const report = useCallback((p: { phase: 'upload' | 'server'; loaded: number; total: number }) => {
    setState((s) => (s.busy ? { ...s, phase: s.phase === 'apply' ? 'apply' : p.phase, fraction: fractionOf(p.loaded, p.total) } : s));
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useMemo(() => ({ state, start, stop, report }), [state, start, stop, report]);
}

export function ProgressBar({ state, t }: { state: ProgressState; t: Translate }) {
  if (!state.shown) return null;
  const label = t(`import.progress.${state.phase}`);
  return (
    <div className="sgm-import-progress" data-testid="import-progress" data-phase={state.phase}>
      <label>
        {label}
        {state.fraction !== undefined && ` ${Math.round(state.fraction * 100)}%`}
        <progress max={1} {...(state.fraction !== undefined ? { value: state.fraction } : {})} aria-label={label} />
      </label>
    </div>
  );
}
