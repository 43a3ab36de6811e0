/** What one benchmark run measured (filled in size by size, rendered by report.ts). */
import type { LatencyRow } from './api-latency';
import type { FilterResult, IdleResult, TypingResult } from './browser-bench';
import type { CaseResult, Compression } from './server-bench';
import type { BundleSize } from './web-build';

export interface SizeResult {
  features: number;
  dataBytes: number;
  bareParse: { totalMs: number; parseMs: number };
  startupMs: number;
  rssListeningMb: number;
  rssAfterMb: number;
  compression: Compression;
  cases: CaseResult[];
  firstIdle?: IdleResult;
  filter?: FilterResult;
  typing?: TypingResult;
}

export interface RunResults {
  quick: boolean;
  date: string;
  machine: Record<string, string>;
  commands: string[];
  settings: { connections: number; seconds: number; warmup: number; idleRuns: number; changes: number };
  bundles: BundleSize[];
  sizes: SizeResult[];
  /** Server time of every endpoint on the shipped data/ (in process, app.request). */
  apiLatency?: LatencyRow[];
  notes: string[];
}
