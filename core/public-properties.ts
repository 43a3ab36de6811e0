/**
 * Which feature properties may leave the server: the API's feature shape
 * (`PublicFeatureProperties`). A layer's `public_properties` in layers.json must list every
 * required one and may add the optional ones; anything else (e.g. `internal_note`) is refused when
 * the data is loaded, so the server does not start with a layer that would publish it.
 */
import type { PublicFeatureProperties } from './api';

/** Stored properties a layer must declare public (the web views need every one). */
export const REQUIRED_PUBLIC_PROPERTIES = [
  'id',
  'name',
  'name_en',
  'layer',
  'measures',
  'status',
  'clause',
  'quote',
  'precision',
  'outside',
  'aims',
  'location_note',
  'location_note_en',
  'sources',
] as const satisfies readonly (keyof PublicFeatureProperties)[];

/** Stored properties a layer may declare public or leave out. */
export const OPTIONAL_PUBLIC_PROPERTIES = ['zone', 'location_source', 'plan_counties', 'existing'] as const satisfies readonly (keyof PublicFeatureProperties)[];

/** A status's date and evidence: public wherever `status` is (so always); listing them is allowed but not needed. */
export const STATUS_COMPANION_PROPERTIES = ['status_date', 'status_evidence'] as const satisfies readonly (keyof PublicFeatureProperties)[];

/** `counties` is derived by the server from the geometry, never read from the file. */
type Listed =
  | (typeof REQUIRED_PUBLIC_PROPERTIES)[number]
  | (typeof OPTIONAL_PUBLIC_PROPERTIES)[number]
  | (typeof STATUS_COMPANION_PROPERTIES)[number]
  | 'counties';
// Compile-time check that the two lists plus `counties` cover the public shape exactly.
type Missing = Exclude<keyof PublicFeatureProperties, Listed>;
const _exhaustive: [Missing] extends [never] ? true : Missing = true;
void _exhaustive;

/** Problems with a layer's `public_properties` list, one sentence each (empty when fine). */
export function publicPropertiesProblems(list: readonly string[]): string[] {
  const allowed = new Set<string>([...REQUIRED_PUBLIC_PROPERTIES, ...OPTIONAL_PUBLIC_PROPERTIES, ...STATUS_COMPANION_PROPERTIES]);
  const problems: string[] = [];
  for (const key of list) {
    if (key === 'counties') problems.push('public_properties: "counties" is derived from the geometry by the server; do not list it');
    else if (!allowed.has(key))
      problems.push(`public_properties: "${key}" may not leave the server; allowed: ${[...allowed].join(', ')}`);
  }
  for (const key of REQUIRED_PUBLIC_PROPERTIES)
    if (!list.includes(key)) problems.push(`public_properties: "${key}" is missing; the API's features always carry it`);
  return problems;
}
