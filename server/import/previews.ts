/**
 * Previews waiting to be applied, kept in memory by id: each belongs to the account that made it
 * (others get 404), expires after `ttlSeconds`, and an account holds at most `perUser` (the oldest
 * goes). While a file is parsed its entry carries the progress (`done` of `total` rows). A server
 * restart forgets them: the user uploads the file again.
 */
import { randomBytes } from 'node:crypto';
import type { FeatureWrite } from '../store/types';
import type { ImportColumn } from './errors';
import type { PreparedPreview } from './pool';
import type { PreparedMeta } from './prepare';

export type ImportState = 'parsing' | 'ready' | 'applying' | 'applied' | 'failed';

export interface ImportJob {
  id: string;
  owner: string;
  fileName: string;
  layer: string | null;
  crs: string;
  format?: string;
  encoding?: string;
  createdAt: number;
  expiresAt: number;
  state: ImportState;
  /** Rows looked at so far, of `total` (0 while the file itself is read). */
  done: number;
  total: number;
  /** The preview (state ready): features as JSON text, the writes applying it would make, problems, and what was used. */
  result?: Pick<PreparedPreview, 'featuresJson' | 'writes' | 'problems' | 'summary'> & Pick<PreparedMeta, 'notes' | 'mapping' | 'crs' | 'columns' | 'values'>;
  /** Why parsing failed (state failed): the API error body. */
  error?: { status: number; code: string; message: string; parameter?: string; row?: number; columns?: ImportColumn[] };
  /** The change set that applied it (state applied). */
  changeSet?: string;
}

export const IMPORT_ID = /^[A-Za-z0-9_-]{22}$/;

export class PreviewStore {
  private readonly jobs = new Map<string, ImportJob>();

  constructor(
    private readonly ttlSeconds: number,
    private readonly perUser: number,
    private readonly now: () => number = Date.now,
  ) {}

  create(owner: string, fields: Pick<ImportJob, 'fileName' | 'layer' | 'crs'>): ImportJob {
    this.sweep();
    const mine = [...this.jobs.values()].filter((j) => j.owner === owner && j.state !== 'applying').sort((a, b) => a.createdAt - b.createdAt);
    while (mine.length >= this.perUser) this.jobs.delete(mine.shift()!.id);
    const t = this.now();
    const job: ImportJob = { id: randomBytes(16).toString('base64url'), owner, ...fields, createdAt: t, expiresAt: t + this.ttlSeconds * 1000, state: 'parsing', done: 0, total: 0 };
    this.jobs.set(job.id, job);
    return job;
  }

  /** The job if it exists, has not expired and belongs to `owner`. */
  get(id: string, owner: string): ImportJob | undefined {
    this.sweep();
    const j = this.jobs.get(id);
    return j && j.owner === owner ? j : undefined;
  }

  /** An applied job keeps only its outcome: the writes and features are dropped. */
  markApplied(job: ImportJob, changeSet: string): void {
    job.state = 'applied';
    job.changeSet = changeSet;
    if (job.result) job.result = { ...job.result, featuresJson: [], writes: [] as FeatureWrite[] };
  }

  private sweep(): void {
    const t = this.now();
    for (const [id, j] of this.jobs) if (j.expiresAt <= t && j.state !== 'applying' && j.state !== 'parsing') this.jobs.delete(id);
  }
}
