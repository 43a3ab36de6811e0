import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { debounce } from '../../web/src/lib/debounce';
import { createHoverStore } from '../../web/src/lib/hoverStore';

describe('debounce', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once with the last arguments after the calls pause', () => {
    const calls: string[] = [];
    const d = debounce((s: string) => calls.push(s), 250);
    for (const s of ['p', 'pa', 'par', 'park']) {
      d(s);
      vi.advanceTimersByTime(100);
    }
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(150);
    expect(calls).toEqual(['park']);
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['park']);
  });

  it('flush runs the pending call now; cancel drops it', () => {
    const calls: string[] = [];
    const d = debounce((s: string) => calls.push(s), 250);
    d('a');
    d.flush();
    expect(calls).toEqual(['a']);
    d('b');
    d.cancel();
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['a']);
    d.flush();
    expect(calls).toEqual(['a']);
  });
});

describe('hover store', () => {
  it('notifies subscribers on change only, and stops after unsubscribe', () => {
    const store = createHoverStore();
    let n = 0;
    const off = store.subscribe(() => n++);
    const h = { x: 1, y: 2, county: '361130' };
    store.set(h);
    store.set(h);
    store.set(null);
    store.set(null);
    expect(n).toBe(2);
    expect(store.get()).toBeNull();
    off();
    store.set(h);
    expect(n).toBe(2);
    expect(store.get()).toBe(h);
  });
});
