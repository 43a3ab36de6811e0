/**
 * What a write is and what a change set records — the rules every store obeys, pure (no disk, no
 * SQL): validating client features and merge patches with the same schemas as loading data/,
 * per-field diffs, the anonymous view of history, and which changes a history query selects.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Feature } from 'geojson';
import mergePatch from 'json-merge-patch';
import type { Change, ChangeSet, FieldChange } from '../../core/changes';
import { FeaturePropertiesSchema, type FeatureProperties, type Layer, type DataGeometry } from '../../core/schema';
import { geometryKind, geometryProblem } from '../dataset/geometry';
import { publicKeys } from './records';
import { WriteError, type ChangeQuery } from './types';

/** Properties the server derives; ignored when a client sends them back. */
export const DERIVED_PROPERTIES = ['counties', 'km', 'km2', 'line_km', 'polygon_km2'];

/** Statuses that claim work has moved: setting one needs a date and evidence. */
const CLAIMS = new Set<string>(['in_progress', 'completed']);

type StoredFeatureShape = Feature<DataGeometry, FeatureProperties>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function withoutDerived(props: Record<string, unknown>): Record<string, unknown> {
  const out = { ...props };
  for (const k of DERIVED_PROPERTIES) delete out[k];
  return out;
}

/** `properties.name: Required` → field `name`, message naming it and what is allowed. */
function schemaError(error: { issues: { path: PropertyKey[]; message: string; code: string; keys?: string[] }[] }): WriteError {
  const issue = error.issues[0];
  if (issue.code === 'unrecognized_keys' && issue.keys?.length) {
    const key = String(issue.keys[0]);
    return new WriteError(422, 'invalid_feature', `Unknown property "${key.slice(0, 60)}"; a feature has only the properties of data/README.md's schema.`, `properties.${key.slice(0, 60)}`);
  }
  const field = ['properties', ...issue.path.map(String)].join('.');
  return new WriteError(422, 'invalid_feature', `${field}: ${issue.message}`, field);
}

/**
 * Validate a feature as loading data/ would: RFC 7946 geometry of the layer's kind, the property
 * schema, measures that exist. Returns the normalised feature or throws a `WriteError` naming the field.
 */
export function validateFeature(raw: { properties: Record<string, unknown>; geometry: unknown }, layer: Layer, measureIds: ReadonlySet<number>): StoredFeatureShape {
  const bad = geometryProblem(raw.geometry as DataGeometry);
  if (bad) throw new WriteError(422, 'invalid_geometry', `geometry: ${bad}.`, 'geometry');
  const geometry = raw.geometry as DataGeometry;
  const kind = geometryKind(geometry.type);
  if (layer.geometry !== 'mixed' && kind !== layer.geometry)
    throw new WriteError(422, 'invalid_geometry', `geometry: ${geometry.type} does not fit layer "${layer.id}", which holds ${layer.geometry} geometry.`, 'geometry');
  const r = FeaturePropertiesSchema.safeParse(raw.properties);
  if (!r.success) throw schemaError(r.error as never);
  for (const m of r.data.measures)
    if (!measureIds.has(m)) throw new WriteError(422, 'invalid_feature', `properties.measures: ${m} is not a measure; allowed: 1 to 23.`, 'properties.measures');
  if (r.data.layer !== layer.id)
    throw new WriteError(422, 'invalid_feature', `properties.layer: "${r.data.layer}" but the feature is in layer "${layer.id}"; a feature cannot move between layers.`, 'properties.layer');
  return { type: 'Feature', id: r.data.id, geometry, properties: r.data };
}

/** A status that changed (or a new claim of work) must say when and on what evidence. */
export function checkStatusEvidence(before: FeatureProperties | undefined, after: FeatureProperties): void {
  const changed = before ? before.status !== after.status : CLAIMS.has(after.status);
  if (!changed) return;
  const fresh = (k: 'status_date' | 'status_evidence') => after[k] !== undefined && (!before || !isDeepStrictEqual(before[k], after[k]));
  if (!fresh('status_date'))
    throw new WriteError(422, 'status_evidence_required', `A status change to "${after.status}" must carry properties.status_date (YYYY-MM-DD, when it took effect), new with this change.`, 'properties.status_date');
  if (!fresh('status_evidence'))
    throw new WriteError(422, 'status_evidence_required', `A status change to "${after.status}" must carry properties.status_evidence ({"title", "url"?}: the document or report that says so), new with this change.`, 'properties.status_evidence');
  if (after.status_date! > new Date().toISOString().slice(0, 10))
    throw new WriteError(422, 'invalid_feature', 'properties.status_date is in the future; give the date the status took effect.', 'properties.status_date');
}

/**
 * A client's new feature for `layer`: a GeoJSON Feature whose properties the server completes with
 * the layer and (if absent) an id. Derived properties are dropped.
 */
export function prepareCreate(raw: unknown, layer: Layer, measureIds: ReadonlySet<number>, newId: () => string): StoredFeatureShape {
  if (!isObject(raw) || raw.type !== 'Feature')
    throw new WriteError(400, 'bad_body', 'The body must be a GeoJSON Feature: {"type": "Feature", "geometry": …, "properties": …}.');
  if (!isObject(raw.properties)) throw new WriteError(422, 'invalid_feature', 'properties must be an object.', 'properties');
  const props = withoutDerived(raw.properties);
  if (props.id === undefined && typeof raw.id === 'string') props.id = raw.id;
  if (props.id === undefined) props.id = newId();
  if (props.layer === undefined) props.layer = layer.id;
  const f = validateFeature({ properties: props, geometry: raw.geometry }, layer, measureIds);
  checkStatusEvidence(undefined, f.properties);
  return f;
}

/**
 * Apply a JSON Merge Patch (RFC 7396) over a feature's `properties` and `geometry`. `id` and
 * `layer` cannot change; derived properties in the patch are ignored.
 */
export function prepareUpdate(current: StoredFeatureShape, patch: unknown, layer: Layer, measureIds: ReadonlySet<number>): StoredFeatureShape {
  if (!isObject(patch))
    throw new WriteError(400, 'bad_body', 'The body must be a JSON Merge Patch object, e.g. {"properties": {"status": "completed", …}}.');
  for (const k of Object.keys(patch))
    if (!['type', 'id', 'properties', 'geometry'].includes(k))
      throw new WriteError(422, 'invalid_patch', `"${k.slice(0, 40)}" cannot be patched; a patch may hold "properties" and "geometry".`, k.slice(0, 40));
  if (patch.type !== undefined && patch.type !== 'Feature') throw new WriteError(422, 'invalid_patch', 'type is always "Feature".', 'type');
  if (patch.id !== undefined && patch.id !== current.properties.id) throw new WriteError(422, 'invalid_patch', 'A feature\'s id cannot change.', 'id');
  if (patch.geometry === null) throw new WriteError(422, 'invalid_geometry', 'geometry cannot be removed; every feature has a place.', 'geometry');
  if (patch.properties !== undefined && !isObject(patch.properties)) throw new WriteError(422, 'invalid_patch', 'properties must be an object.', 'properties');
  const propPatch = patch.properties ? withoutDerived(patch.properties) : {};
  if ('id' in propPatch && propPatch.id !== current.properties.id) throw new WriteError(422, 'invalid_patch', 'properties.id cannot change.', 'properties.id');
  if ('layer' in propPatch && propPatch.layer !== current.properties.layer)
    throw new WriteError(422, 'invalid_patch', 'properties.layer cannot change; delete the feature and create it in the other layer.', 'properties.layer');
  const props = mergePatch.apply(structuredClone(current.properties), propPatch) as Record<string, unknown>;
  const geometry = patch.geometry === undefined ? current.geometry : mergePatch.apply(structuredClone(current.geometry), patch.geometry);
  const f = validateFeature({ properties: props, geometry }, layer, measureIds);
  checkStatusEvidence(current.properties, f.properties);
  return f;
}

/** Per-field differences, `geometry` first, then properties in name order. Absent = null. */
export function diffFeatures(before: StoredFeatureShape | undefined, after: StoredFeatureShape | undefined): FieldChange[] {
  const out: FieldChange[] = [];
  if (!isDeepStrictEqual(before?.geometry, after?.geometry)) out.push({ field: 'geometry', before: before?.geometry ?? null, after: after?.geometry ?? null });
  const a = (before?.properties ?? {}) as Record<string, unknown>;
  const b = (after?.properties ?? {}) as Record<string, unknown>;
  for (const k of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (!isDeepStrictEqual(a[k], b[k])) out.push({ field: k, before: a[k] ?? null, after: b[k] ?? null });
  }
  return out;
}

/**
 * A feature with some fields set back to given values (for reverts): `geometry` or property names;
 * a `null` value removes an optional property.
 */
export function withFields(f: StoredFeatureShape, fields: FieldChange[], pick: 'before' | 'after'): StoredFeatureShape {
  const props = { ...f.properties } as Record<string, unknown>;
  let geometry = f.geometry;
  for (const fc of fields) {
    const v = fc[pick];
    if (fc.field === 'geometry') geometry = v as DataGeometry;
    else if (v === null) delete props[fc.field];
    else props[fc.field] = v;
  }
  return { type: 'Feature', id: f.properties.id, geometry, properties: props as FeatureProperties };
}

/** Whether a change set's change falls under a history query (time is the change set's). */
export function changeMatches(change: Change, q: ChangeQuery): boolean {
  if (q.feature !== undefined && change.feature !== q.feature) return false;
  if (q.layer !== undefined && change.layer !== q.layer) return false;
  if (q.counties && !change.counties.some((c) => q.counties!.includes(c))) return false;
  if (q.measures && !change.measures.some((m) => q.measures!.includes(m))) return false;
  return true;
}

export function changeSetInTime(cs: ChangeSet, q: ChangeQuery): boolean {
  const t = Date.parse(cs.at);
  if (q.since !== undefined && t < Date.parse(q.since)) return false;
  if (q.until !== undefined && t >= Date.parse(q.until)) return false;
  return true;
}

/**
 * History query over change sets in the order applied: newest first, each holding only its
 * matching changes; change sets with none are left out (a filterless query keeps empty ones, e.g.
 * a data release that only changed measures).
 */
export function queryChangeSets(
  all: readonly ChangeSet[],
  q: ChangeQuery,
  view: (cs: ChangeSet) => ChangeSet = (cs) => cs,
): { changeSets: ChangeSet[]; numberMatched: number } {
  const filtered = q.feature !== undefined || q.layer !== undefined || q.counties !== undefined || q.measures !== undefined;
  const matched: ChangeSet[] = [];
  for (let i = all.length - 1; i >= 0; i--) {
    if (q.changeSet !== undefined && all[i].id !== q.changeSet) continue;
    if (!changeSetInTime(all[i], q)) continue;
    const cs = view(all[i]);
    const changes = filtered ? cs.changes.filter((c) => changeMatches(c, q)) : cs.changes;
    if (changes.length === 0 && (filtered || all[i].changes.length > 0)) continue;
    matched.push(changes.length === cs.changes.length ? cs : { ...cs, changes });
  }
  const start = q.offset ?? 0;
  const page = q.limit === undefined ? matched.slice(start) : matched.slice(start, start + q.limit);
  if (q.changeLimit === undefined && q.changeOffset === undefined) return { numberMatched: matched.length, changeSets: page };
  const from = q.changeOffset ?? 0;
  const to = q.changeLimit === undefined ? undefined : from + q.changeLimit;
  return { numberMatched: matched.length, changeSets: page.map((cs) => ({ ...cs, changes: cs.changes.slice(from, to), changes_matched: cs.changes.length })) };
}

/**
 * History as anonymous readers may see it: no names, and only fields their layer makes public
 * (geometry is public). A feature change with no public field left keeps its op (that the feature
 * was created or deleted is public) only for create/delete/restore.
 */
export function publicChangeSet(cs: ChangeSet, layers: ReadonlyMap<string, Layer>): ChangeSet {
  const changes: Change[] = [];
  for (const c of cs.changes) {
    if (c.op === 'progress') {
      changes.push(c);
      continue;
    }
    const layer = c.layer ? layers.get(c.layer) : undefined;
    const allowed = new Set(layer ? publicKeys(layer) : []);
    const fields = c.fields.filter((f) => f.field === 'geometry' || allowed.has(f.field));
    if (fields.length === 0 && c.op === 'update') continue;
    changes.push({ ...c, fields });
  }
  return { ...cs, author: null, changes };
}
