/** The last line of `.ci/run`: failures of every kind are counted, so "0 failed" means green. */
import { describe, expect, it } from 'vitest';
// @ts-expect-error — plain JavaScript so CI can run it with node alone; typed by its JSDoc.
import { summarise } from '../../.ci/summary.mjs';

type Summary = { line: string; notes: string[]; ok: boolean };
const sum = summarise as (r: unknown, status: number) => Summary;

const suite = (status: string, tests: string[]) => ({ status, assertionResults: tests.map((s) => ({ status: s })) });

describe('.ci/summary.mjs', () => {
  it('says N passed, 0 failed and succeeds when everything passed', () => {
    expect(sum({ numPassedTests: 3, numFailedTests: 0, testResults: [suite('passed', ['passed', 'passed', 'passed'])] }, 0)).toEqual({ line: '3 passed, 0 failed', notes: [], ok: true });
  });

  it('counts a suite that failed without a failed test (load error, hook) as a failure', () => {
    const s = sum({ numPassedTests: 2, numFailedTests: 0, testResults: [suite('passed', ['passed', 'passed']), suite('failed', [])] }, 1);
    expect(s.line).toBe('2 passed, 1 failed');
    expect(s.ok).toBe(false);
  });

  it('does not count a suite twice when its failed tests are already counted', () => {
    expect(sum({ numPassedTests: 1, numFailedTests: 2, testResults: [suite('failed', ['passed', 'failed', 'failed'])] }, 1).line).toBe('1 passed, 2 failed');
  });

  it('counts skipped and todo tests as failures', () => {
    const s = sum({ numPassedTests: 1, numFailedTests: 0, numPendingTests: 1, numTodoTests: 1, testResults: [] }, 0);
    expect(s.line).toBe('1 passed, 2 failed');
    expect(s.notes.join(' ')).toMatch(/skipped/);
  });

  it('never says 0 failed when npm test failed (e.g. the type-check) or wrote no results', () => {
    expect(sum({ numPassedTests: 5, numFailedTests: 0, testResults: [] }, 2)).toMatchObject({ line: '5 passed, 1 failed', ok: false });
    expect(sum(null, 2)).toMatchObject({ line: '0 passed, 1 failed', ok: false });
  });
});
