/**
 * Long work on the server's thread (applying an import of 100k rows, writing its journal record)
 * done in slices: `tick()` after each small step yields to the event loop once `sliceMs` of
 * work have passed (measured, not counted), so other requests keep being answered meanwhile.
 */

/** Returns a promise to await when the slice is used up, else undefined (cheap: no microtask). */
export type Tick = () => Promise<void> | undefined;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function slicer(sliceMs = 8): Tick {
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

/**
 * `JSON.stringify(value)` as pieces, with a tick between the elements of large arrays (the
 * entries and changes of a journal record) near the top of the value. The pieces joined are
 * exactly `JSON.stringify(value)` for plain data (objects, arrays, strings, numbers, booleans, null).
 */
export async function stringifySliced(value: unknown, tick: Tick, out: string[] = [], depth = 0): Promise<string[]> {
  if (depth < 3 && Array.isArray(value)) {
    out.push('[');
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.push(',');
      await stringifySliced(value[i], tick, out, depth + 1);
      const t = tick();
      if (t) await t;
    }
    out.push(']');
  } else if (depth < 2 && isPlain(value)) {
    out.push('{');
    let first = true;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
      out.push(first ? `${JSON.stringify(k)}:` : `,${JSON.stringify(k)}:`);
      first = false;
      await stringifySliced(v, tick, out, depth + 1);
    }
    out.push('}');
  } else {
    // Inside an array JSON.stringify writes null for what it cannot serialise.
    out.push(JSON.stringify(value) ?? 'null');
  }
  return out;
}
