/**
 * Pending changes over a state: a change set is prepared in its own overlay, merged into the
 * batch's overlay only if every write in it is valid (all or nothing), and the batch reaches the
 * readers' state only after the journal has it on disk.
 */
import type { Feature } from 'geojson';
import type { ProgressReport } from '../../../core/changes';
import type { FeatureProperties, DataGeometry } from '../../../core/schema';
import type { FeatureRecord } from '../records';

export interface Entry {
  feature: Feature<DataGeometry, FeatureProperties>;
  version: number;
  deleted: boolean;
  /** Built lazily for live features (membership, bbox, public feature). */
  record?: FeatureRecord;
  /** Changed by some change set since the release: kept in snapshots (the rest comes from the release). */
  touched?: boolean;
}

export interface EntrySource {
  get(id: string): Entry | undefined;
  progress(): readonly ProgressReport[];
}

const reportKey = (p: { change_set: string; target: string }) => `${p.change_set}|${p.target}`;

export class Overlay implements EntrySource {
  readonly entries = new Map<string, Entry>();
  readonly added: ProgressReport[] = [];
  readonly withdrawn: { change_set: string; target: string }[] = [];

  constructor(private readonly parent: EntrySource) {}

  get(id: string): Entry | undefined {
    return this.entries.get(id) ?? this.parent.get(id);
  }

  set(id: string, e: Entry): void {
    this.entries.set(id, e);
  }

  progress(): readonly ProgressReport[] {
    const gone = new Set(this.withdrawn.map(reportKey));
    const kept = this.parent.progress().filter((p) => !gone.has(reportKey(p)));
    return this.added.length || gone.size ? [...kept, ...this.added] : kept;
  }

  withdraw(key: { change_set: string; target: string }): void {
    const i = this.added.findIndex((p) => reportKey(p) === reportKey(key));
    if (i >= 0) this.added.splice(i, 1);
    else this.withdrawn.push(key);
  }

  mergeInto(other: Overlay): void {
    for (const [id, e] of this.entries) other.set(id, e);
    for (const w of this.withdrawn) other.withdraw(w);
    other.added.push(...this.added);
  }
}

/** Apply withdrawals and additions to a list of reports. */
export function applyProgress(list: readonly ProgressReport[], added: readonly ProgressReport[], withdrawn: readonly { change_set: string; target: string }[]): ProgressReport[] {
  const gone = new Set(withdrawn.map(reportKey));
  return [...list.filter((p) => !gone.has(reportKey(p))), ...added];
}
