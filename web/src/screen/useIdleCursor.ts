/**
 * Hide the mouse cursor after a while without pointer movement (wall screens are left alone);
 * any movement shows it again. Sets `data-idle` on the given element; CSS hides the cursor.
 */
import { useEffect, type RefObject } from 'react';

export const IDLE_MS = 3000;

/** Whether the pointer counts as idle at `now`. */
export function isIdle(lastMoveAt: number, now: number, idleMs = IDLE_MS): boolean {
  return now - lastMoveAt >= idleMs;
}

export function useIdleCursor(ref: RefObject<HTMLElement | null>, idleMs = IDLE_MS) {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let last = Date.now();
    const mark = () => el.setAttribute('data-idle', isIdle(last, Date.now(), idleMs) ? 'true' : 'false');
    const moved = () => {
      last = Date.now();
      if (el.getAttribute('data-idle') !== 'false') el.setAttribute('data-idle', 'false');
    };
    mark();
    const timer = setInterval(mark, Math.max(250, idleMs / 4));
    window.addEventListener('pointermove', moved, { passive: true });
    window.addEventListener('pointerdown', moved, { passive: true });
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointermove', moved);
      window.removeEventListener('pointerdown', moved);
    };
  }, [ref, idleMs]);
}
