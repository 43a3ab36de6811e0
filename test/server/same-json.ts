/**
 * Compare two JSON values as the API would serialise them: same keys in the same order, same
 * values — except numbers under a km / km² key, which may differ by `tolerance` (relative; turf's
 * sphere against PostGIS's spheroid) plus 0.01 (the API rounds to two decimals).
 */
import { expect } from 'vitest';

const SIZE_KEY = /km/;

export function sameJsonProblems(a: unknown, b: unknown, tolerance = 0.005, path = '$', sizeContext = false): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return [];
    if (sizeContext && Math.abs(a - b) <= Math.abs(a) * tolerance + 0.01) return [];
    return [`${path}: ${a} ≠ ${b}`];
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b)) return [`${path}: array vs ${JSON.stringify(b)?.slice(0, 60)}`];
    if (a.length !== b.length) return [`${path}: ${a.length} items ≠ ${b.length} items`];
    return a.flatMap((x, i) => sameJsonProblems(x, b[i], tolerance, `${path}[${i}]`, sizeContext));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.join(',') !== kb.join(',')) return [`${path}: keys ${ka.join(',')} ≠ ${kb.join(',')}`];
    return ka.flatMap((k) =>
      sameJsonProblems((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], tolerance, `${path}.${k}`, sizeContext || SIZE_KEY.test(k)),
    );
  }
  return a === b ? [] : [`${path}: ${JSON.stringify(a)?.slice(0, 80)} ≠ ${JSON.stringify(b)?.slice(0, 80)}`];
}

/** Assert `actual` serialises like `expected` (km / km² within the tolerance). */
export function expectSameJson(actual: unknown, expected: unknown, tolerance = 0.005) {
  // Through JSON first: what matters is what the API sends.
  const a = JSON.parse(JSON.stringify(actual));
  const b = JSON.parse(JSON.stringify(expected));
  expect(sameJsonProblems(a, b, tolerance).slice(0, 10)).toEqual([]);
}
