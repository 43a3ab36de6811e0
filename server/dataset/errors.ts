/** Problems found in data/ files, and the error the loader throws when there are any. */
import type { z } from 'zod';

/** One problem in one file, optionally about one feature (by id). */
export interface DataProblem {
  file: string;
  id?: string;
  problem: string;
}

/** One line per problem: `file: feature "id": problem`. */
export function formatProblem(p: DataProblem): string {
  return p.id === undefined ? `${p.file}: ${p.problem}` : `${p.file}: feature "${p.id}": ${p.problem}`;
}

/** Thrown by `parseDataset` / `readDataset`; the message lists every problem, one per line. */
export class DatasetError extends Error {
  readonly problems: DataProblem[];
  constructor(problems: DataProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'DatasetError';
    this.problems = problems;
  }
}

/** zod issues as problems: `path.to.field: message`. */
export function zodProblems(file: string, id: string | undefined, error: z.ZodError): DataProblem[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.');
    return { file, id, problem: where ? `${where}: ${issue.message}` : issue.message };
  });
}
