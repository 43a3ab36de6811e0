/**
 * Long work on the server's thread (applying an import of 100k rows, writing its journal record)
 * done in slices: `tick()` after each small step yields to the event loop once `sliceMs` of
 * work have passed (measured, not counted), so other requests keep being answered meanwhile.
 */

/** Returns a promise to await when the slice is used up, else undefined (cheap: no microtask). */
export type Tick = () => Promise<void> | undefined;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function slicer(sliceMs = 2): Tick {
  let last = performance.now();
  return () => {
    if (performance.now() - last < sliceMs) return undefined;
    return turn().then(() => {
      last = performance.now();
    });
  };
}

/** A tick that never yields (start-up, where nothing else is served yet). */
export const noTick: Tick = () => undefined;

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Where the walk splits: arrays near the top (the entries and changes of a journal record), objects above them. */
const splits = (v: unknown, depth: number) => (depth < 3 && Array.isArray(v)) || (depth < 2 && isPlain(v));

/** `JSON.stringify` of what the walk does not split; inside an array JSON.stringify writes null for what it cannot serialise. */
const leaf = (v: unknown) => JSON.stringify(v) ?? 'null';

/**
 * `JSON.stringify(value)` as pieces handed to `emit` in order, with a tick between the elements of
 * large arrays near the top of the value. Leaves (each change, each entry of a journal record) are
 * serialised in one `JSON.stringify` each, without an async call of their own. The pieces joined
 * are exactly `JSON.stringify(value)` for plain data (objects, arrays, strings, numbers, booleans, null).
 */
export async function walkJson(value: unknown, tick: Tick, emit: (piece: string) => void, depth = 0): Promise<void> {
  if (!splits(value, depth)) return emit(leaf(value));
  if (Array.isArray(value)) {
    emit('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) emit(',');
      const v = value[i];
      if (splits(v, depth + 1)) await walkJson(v, tick, emit, depth + 1);
      else emit(leaf(v));
      const t = tick();
      if (t) await t;
    }
    emit(']');
    return;
  }
  emit('{');
  let first = true;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
    emit(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
    first = false;
    if (splits(v, depth + 1)) await walkJson(v, tick, emit, depth + 1);
    else emit(leaf(v));
  }
  emit('}');
}

/** `JSON.stringify(value)` as pieces (`walkJson`), collected. */
export async function stringifySliced(value: unknown, tick: Tick): Promise<string[]> {
  const out: string[] = [];
  await walkJson(value, tick, (p) => out.push(p));
  return out;
}
