/**
 * The shapes of the living record (docs/contract.md, "Writing"): change sets, per-field changes and
 * progress reports. The server records and serves them; the web views read them.
 */
import { z } from 'zod';

/** Who made a change set; `null` for the system (a data release applied at start). */
export interface Author {
  /** Account name (issue 15); never shown to anonymous readers. */
  username: string;
}

/** What kind of work a change set records. */
export const CHANGE_SET_KINDS = ['edit', 'import', 'release', 'revert', 'progress'] as const;
export type ChangeSetKind = (typeof CHANGE_SET_KINDS)[number];

export const CHANGE_OPS = ['create', 'update', 'delete', 'restore', 'progress'] as const;
export type ChangeOp = (typeof CHANGE_OPS)[number];

/**
 * One field's value before and after. `field` is `geometry` or a property name; a value that was
 * absent is `null`.
 */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** What one write did to one feature (or, for `progress`, to one measure's target). */
export interface Change {
  op: ChangeOp;
  /** The feature changed; absent for progress reports. */
  feature?: string;
  /** The feature's layer (after the change, or before a delete). */
  layer?: string;
  /** Counties the feature touched before or after the change (for filtering history). */
  counties: string[];
  /** Measures the feature served before or after the change; for progress, the measure reported on. */
  measures: number[];
  /** For progress: the target reported on. */
  target?: string;
  /** The feature's version after the change (its ETag derives from it); absent for progress. */
  version?: number;
  fields: FieldChange[];
}

/** One recorded unit of change: several writes applied all or nothing. */
export interface ChangeSet {
  /** Sequence number as text: "1", "2", … in the order applied. */
  id: string;
  /** When it was applied (ISO 8601, UTC). */
  at: string;
  /** Who; `null` for the system, and always `null` for anonymous readers. */
  author: Author | null;
  note: string | null;
  kind: ChangeSetKind;
  /** For `revert`: the change set undone. */
  reverts?: string;
  /** For `release`: the data version of the release in `data/`. */
  release?: string;
  /** Data version after this change set. */
  data_version: string;
  changes: Change[];
  /**
   * In a history answer paged inside change sets (GET /api/changes?change_limit=…&change_offset=…):
   * how many changes of this change set match, before that paging.
   */
  changes_matched?: number;
}

export interface ChangesResponse {
  change_sets: ChangeSet[];
  numberMatched: number;
  numberReturned: number;
}

/** A progress report on one target of a measure, as given (`POST /api/measures/{id}/progress`). */
export const ProgressInputSchema = z.strictObject({
  target: z.string().regex(/^m\d{1,2}-[a-z0-9-]+$/, 'target must be a target id of the measure, e.g. m2-green-zones-and-factories'),
  value: z.number().finite(),
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'as_of must be a date YYYY-MM-DD'),
  source: z.string().trim().min(1, 'source must name the document or report the figure comes from').max(500),
  note: z.string().max(2000).optional(),
});
export type ProgressInput = z.infer<typeof ProgressInputSchema>;

/** A recorded progress report. */
export interface ProgressReport extends ProgressInput {
  measure: number;
  /** The change set that recorded it. */
  change_set: string;
  /** When it was recorded (ISO 8601). */
  reported_at: string;
}

/** What a status change carries in the feature's properties (docs/contract.md, "Writing"). */
export const StatusEvidenceSchema = z.strictObject({
  title: z.string().trim().min(1).max(500),
  url: z.string().url().max(2000).optional(),
});
export type StatusEvidence = z.infer<typeof StatusEvidenceSchema>;
