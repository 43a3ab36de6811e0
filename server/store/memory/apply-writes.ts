/**
 * One change set prepared over an overlay: each write validated and applied in order, every
 * change recorded per field. Throws a `WriteError` at the first invalid write (the caller drops
 * the overlay, so nothing changes). Reverts are expanded here into the writes that undo them.
 */
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { Feature } from 'geojson';
import { ProgressInputSchema, type Change, type ChangeSet, type FieldChange, type ProgressReport } from '../../../core/changes';
import type { FeatureProperties, Layer, Measure, DataGeometry } from '../../../core/schema';
import { diffFeatures, prepareCreate, prepareUpdate, validateFeature, withFields } from '../changes';
import type { CountyIndex } from '../membership';
import { toRecord } from '../records';
import { WriteError, type FeatureWrite, type WriteMeta } from '../types';
import { Overlay, type Entry, type EntrySource } from './overlay';
import type { Tick } from '../../slices';

type F = Feature<DataGeometry, FeatureProperties>;

/** Internal writes: a revert withdraws the progress reports of the change set it undoes. */
export type InternalWrite = FeatureWrite | { op: 'withdraw'; change_set: string; target: string; measure: number };

export interface Catalogue {
  layers: ReadonlyMap<string, Layer>;
  measures: ReadonlyMap<number, Measure>;
  measureIds: ReadonlySet<number>;
  index: CountyIndex;
}

export interface JournalRecord {
  seq: number;
  changeSet: ChangeSet;
  entries: { feature: F; version: number; deleted: boolean }[];
  added: ProgressReport[];
  withdrawn: { change_set: string; target: string }[];
}

/** 8 random hex digits, cut from a pool filled 4 KiB at a time (one randomBytes call per id cost 10+ µs: seconds at 100k rows). */
let pool = Buffer.alloc(0);
let poolAt = 0;
function randomHex8(): string {
  if (poolAt + 4 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  poolAt += 4;
  return pool.toString('hex', poolAt - 4, poolAt);
}

const union = <T>(a: readonly T[] = [], b: readonly T[] = []) => [...new Set([...a, ...b])];
const today = () => new Date().toISOString().slice(0, 10);

/** The data version after change set `seq` of a release: the release itself before any change. */
export const versionOf = (release: string, seq: number) => (seq === 0 ? release : `${release}+${seq}`);

/** An editor limited to `allowed` counties may touch only features wholly within them (before and after). */
export function checkEditorCounties(id: string, counties: readonly string[], allowed: readonly string[] | undefined): void {
  if (!allowed) return;
  if (counties.length === 0 || counties.some((c) => !allowed.includes(c)))
    throw new WriteError(403, 'forbidden', `Feature "${id}" lies in ${counties.join(', ') || 'no county of Shangrao'}; you may edit features in ${allowed.join(', ')} only.`);
}

function checkVersion(e: Entry, expect: number | undefined, id: string): void {
  if (expect !== undefined && e.version !== expect)
    throw new WriteError(412, 'precondition_failed', `Feature "${id}" has changed since version ${expect} (now version ${e.version}); fetch it again and redo the change. Nothing was overwritten.`);
}

export class ChangeSetBuilder {
  private readonly changes: Change[] = [];

  constructor(
    private readonly o: Overlay,
    private readonly cat: Catalogue,
    private readonly meta: WriteMeta,
    private readonly seq: number,
    private readonly at: string,
  ) {}

  private layerOf(f: F): Layer {
    const layer = this.cat.layers.get(f.properties.layer);
    if (!layer) throw new WriteError(422, 'invalid_feature', `properties.layer: "${f.properties.layer}" is not a layer; allowed: ${[...this.cat.layers.keys()].join(', ')}.`, 'properties.layer');
    return layer;
  }

  private record(e: Entry) {
    return (e.record ??= toRecord(e.feature, this.layerOf(e.feature), this.cat.index));
  }

  private checkCounties(id: string, counties: string[]): void {
    checkEditorCounties(id, counties, this.meta.counties);
  }

  private live(id: string): Entry {
    const e = this.o.get(id);
    if (!e) throw new WriteError(404, 'not_found', `No feature has id "${id}".`, 'id');
    if (e.deleted) throw new WriteError(409, 'deleted', `Feature "${id}" is deleted; restore it first (revert the change set that deleted it).`, 'id');
    return e;
  }

  /** Store `f` over `e` (or as new); records the change unless nothing differs. */
  private put(e: Entry | undefined, f: F, op: 'create' | 'update'): void {
    const layer = this.layerOf(f);
    const fields = diffFeatures(e?.feature, f);
    if (e && fields.length === 0) return;
    const next: Entry = { feature: f, version: (e?.version ?? 0) + 1, deleted: e?.deleted ?? false, touched: true };
    next.record = toRecord(f, layer, this.cat.index);
    const before = e ? this.record(e).membership.counties : [];
    const counties = union(before, next.record.membership.counties);
    this.checkCounties(f.properties.id, counties);
    if (next.deleted) next.record = undefined;
    this.o.set(f.properties.id, next);
    this.changes.push({
      op,
      feature: f.properties.id,
      layer: layer.id,
      counties,
      measures: union(e?.feature.properties.measures, f.properties.measures),
      version: next.version,
      fields,
    });
  }

  private setDeleted(id: string, e: Entry, deleted: boolean): void {
    const counties = this.record(e).membership.counties;
    this.checkCounties(id, counties);
    const next: Entry = { feature: e.feature, version: e.version + 1, deleted, record: deleted ? undefined : e.record, touched: true };
    this.o.set(id, next);
    this.changes.push({
      op: deleted ? 'delete' : 'restore',
      feature: id,
      layer: e.feature.properties.layer,
      counties,
      measures: e.feature.properties.measures,
      version: next.version,
      fields: [],
    });
  }

  private newId(layer: string): string {
    for (;;) {
      const id = `${layer}-${randomHex8()}`;
      if (!this.o.get(id)) return id;
    }
  }

  apply(w: InternalWrite): void {
    switch (w.op) {
      case 'create': {
        const layer = this.cat.layers.get(w.layer);
        if (!layer) throw new WriteError(404, 'unknown_layer', `Unknown layer "${w.layer.slice(0, 40)}"; allowed: ${[...this.cat.layers.keys()].join(', ')}.`, 'layer');
        const f = prepareCreate(w.feature, layer, this.cat.measureIds, () => this.newId(layer.id));
        if (this.o.get(f.properties.id))
          throw new WriteError(409, 'id_taken', `A feature with id "${f.properties.id}" exists (or existed: deleted features keep their id); choose another id or leave it out.`, 'properties.id');
        return this.put(undefined, f, 'create');
      }
      case 'update': {
        const e = this.live(w.id);
        checkVersion(e, w.expectVersion, w.id);
        return this.put(e, prepareUpdate(e.feature, w.patch, this.layerOf(e.feature), this.cat.measureIds), 'update');
      }
      case 'delete': {
        const e = this.live(w.id);
        checkVersion(e, w.expectVersion, w.id);
        return this.setDeleted(w.id, e, true);
      }
      case 'restore': {
        const e = this.o.get(w.id);
        if (!e) throw new WriteError(404, 'not_found', `No feature has id "${w.id}".`, 'id');
        if (!e.deleted) throw new WriteError(409, 'not_deleted', `Feature "${w.id}" is not deleted.`, 'id');
        checkVersion(e, w.expectVersion, w.id);
        return this.setDeleted(w.id, e, false);
      }
      case 'put': {
        const layer = this.layerOf(w.feature);
        const f = validateFeature({ properties: w.feature.properties as unknown as Record<string, unknown>, geometry: w.feature.geometry }, layer, this.cat.measureIds);
        const e = this.o.get(f.properties.id);
        return this.put(e, f, e ? 'update' : 'create');
      }
      case 'progress':
        return this.progress(w.measure, w.report);
      case 'withdraw': {
        const prev = this.o.progress().find((p) => p.change_set === w.change_set && p.target === w.target);
        if (!prev) return;
        this.o.withdraw(w);
        this.changes.push({
          op: 'progress',
          counties: [],
          measures: [w.measure],
          target: w.target,
          fields: [{ field: 'value', before: prev.value, after: null }, { field: 'as_of', before: prev.as_of, after: null }],
        });
        return;
      }
    }
  }

  private progress(measureId: number, input: unknown): void {
    const m = this.cat.measures.get(measureId);
    if (!m) throw new WriteError(404, 'unknown_measure', `Unknown measure "${measureId}"; allowed: whole numbers 1 to 23.`, 'id');
    const r = ProgressInputSchema.safeParse(input);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue.path.length ? String(issue.path[0]) : undefined;
      const msg =
        issue.code === 'unrecognized_keys'
          ? `Unknown field "${String(issue.keys[0]).slice(0, 40)}"; a progress report has target, value, as_of, source and note.`
          : `${field ?? 'body'}: ${issue.message}`;
      throw new WriteError(422, 'invalid_progress', msg, issue.code === 'unrecognized_keys' ? String(issue.keys[0]).slice(0, 40) : field);
    }
    const t = m.targets.find((x) => x.id === r.data.target);
    if (!t)
      throw new WriteError(422, 'invalid_progress', `target: "${r.data.target}" is not a target of measure ${m.id}; allowed: ${m.targets.map((x) => x.id).join(', ') || '(this measure states no target)'}.`, 'target');
    if (Number.isNaN(Date.parse(r.data.as_of)) || r.data.as_of > today())
      throw new WriteError(422, 'invalid_progress', 'as_of must be a real date, not in the future (YYYY-MM-DD).', 'as_of');
    const prev = this.o
      .progress()
      .filter((p) => p.target === t.id)
      .sort((a, b) => (a.as_of < b.as_of ? 1 : -1))[0];
    const report: ProgressReport = { ...r.data, measure: m.id, change_set: String(this.seq), reported_at: this.at };
    this.o.added.push(report);
    const fields: FieldChange[] = [
      { field: 'value', before: prev?.value ?? null, after: report.value },
      { field: 'as_of', before: prev?.as_of ?? null, after: report.as_of },
      { field: 'source', before: prev?.source ?? null, after: report.source },
    ];
    if (report.note) fields.push({ field: 'note', before: prev?.note ?? null, after: report.note });
    this.changes.push({ op: 'progress', counties: [], measures: [m.id], target: t.id, fields });
  }

  /** The writes that undo `cs` over the current state; 409 where a field has changed since. */
  inverseOf(cs: ChangeSet): InternalWrite[] {
    const out: InternalWrite[] = [];
    for (const c of [...cs.changes].reverse()) {
      if (c.op === 'progress') {
        if (c.fields.some((f) => f.field === 'value' && f.after !== null)) out.push({ op: 'withdraw', change_set: cs.id, target: c.target!, measure: c.measures[0] });
        continue;
      }
      const e = this.o.get(c.feature!);
      if (!e) continue;
      if (c.op === 'create' || c.op === 'restore') {
        if (!e.deleted) out.push({ op: 'delete', id: c.feature! });
      } else if (c.op === 'delete') {
        if (e.deleted) out.push({ op: 'restore', id: c.feature! });
      } else {
        for (const f of c.fields) {
          const now = f.field === 'geometry' ? e.feature.geometry : (e.feature.properties as Record<string, unknown>)[f.field] ?? null;
          if (!isDeepStrictEqual(now, f.after))
            throw new WriteError(409, 'changed_since', `Cannot revert change set ${cs.id}: ${c.feature}.${f.field} has changed since; revert the later change sets first.`, f.field);
        }
        out.push({ op: 'put', feature: withFields(e.feature, c.fields, 'before') });
      }
    }
    return out;
  }

  finish(): { changeSet: ChangeSet; record: JournalRecord } {
    const onlyProgress = this.changes.length > 0 && this.changes.every((c) => c.op === 'progress');
    const changeSet: ChangeSet = {
      id: String(this.seq),
      at: this.at,
      author: this.meta.author,
      note: this.meta.note?.trim() ? this.meta.note.trim() : null,
      kind: this.meta.kind ?? (onlyProgress ? 'progress' : 'edit'),
      ...(this.meta.release ? { release: this.meta.release } : {}),
      data_version: '',
      changes: this.changes,
    };
    const entries = [...this.o.entries.values()].map(({ feature, version, deleted }) => ({ feature, version, deleted }));
    return { changeSet, record: { seq: this.seq, changeSet, entries, added: [...this.o.added], withdrawn: [...this.o.withdrawn] } };
  }
}

/**
 * One change set over `parent`, prepared in an overlay of its own: the writes (or the inverse of
 * change set `writes.revert`, found by `changeSetById`) validated and applied in order, with
 * `tick` after each write, so a change set of 100k writes lets the event loop serve reads (from the
 * state before it) every few milliseconds (`noTick`: in one go). Throws a `WriteError` and leaves
 * `parent` untouched when any write is invalid; otherwise the caller makes the returned overlay
 * durable (journal, database) and only then lets readers see it. `parent` must not change
 * meanwhile (the embedded store prepares one batch at a time; the PostGIS store holds the rows'
 * locks). `release` is the data release the change set belongs to (for its data version).
 */
export async function buildChangeSetSliced(
  parent: EntrySource,
  cat: Catalogue,
  writes: InternalWrite[] | { revert: string },
  meta: WriteMeta,
  seq: number,
  at: string,
  release: string,
  changeSetById: (id: string) => ChangeSet | undefined,
  tick: Tick,
): Promise<{ changeSet: ChangeSet; record: JournalRecord; overlay: Overlay }> {
  const job = startChangeSet(parent, cat, writes, meta, seq, at, changeSetById);
  for (const w of job.list) {
    job.builder.apply(w);
    const t = tick();
    if (t) await t;
  }
  return finishChangeSet(job, meta, seq, release);
}

interface Started {
  overlay: Overlay;
  builder: ChangeSetBuilder;
  list: InternalWrite[];
  reverts?: string;
}

function startChangeSet(
  parent: EntrySource,
  cat: Catalogue,
  writes: InternalWrite[] | { revert: string },
  meta: WriteMeta,
  seq: number,
  at: string,
  changeSetById: (id: string) => ChangeSet | undefined,
): Started {
  const overlay = new Overlay(parent);
  const builder = new ChangeSetBuilder(overlay, cat, meta, seq, at);
  let list: InternalWrite[];
  let reverts: string | undefined;
  if (Array.isArray(writes)) list = writes;
  else {
    reverts = writes.revert;
    const target = /^\d+$/.test(reverts) ? changeSetById(reverts) : undefined;
    if (!target || target.id !== reverts) throw new WriteError(404, 'not_found', `No change set has id "${reverts.slice(0, 40)}".`, 'id');
    list = builder.inverseOf(target);
    if (list.length === 0) throw new WriteError(409, 'nothing_to_revert', `Change set ${reverts} has nothing left to undo (its changes are undone already).`, 'id');
  }
  if (list.length === 0) throw new WriteError(400, 'bad_body', 'A change set needs at least one write.');
  return { overlay, builder, list, reverts };
}

function finishChangeSet({ overlay, builder, reverts }: Started, meta: WriteMeta, seq: number, release: string): { changeSet: ChangeSet; record: JournalRecord; overlay: Overlay } {
  const { changeSet, record } = builder.finish();
  if (changeSet.changes.length === 0 && !meta.release) throw new WriteError(409, 'no_change', 'The write changes nothing: every field already has the value given.');
  changeSet.data_version = versionOf(meta.release ?? release, seq);
  if (reverts) {
    changeSet.reverts = reverts;
    if (!changeSet.note) changeSet.note = `撤销变更 ${reverts} · revert of change set ${reverts}`;
  }
  return { changeSet, record, overlay };
}
