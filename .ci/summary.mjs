// The last line of CI: "N passed, N failed" from vitest's JSON results, and exit 1 unless it says
// 0 failed. Failed suites (a file that did not load, a failing beforeAll) count as failures even
// when they hold no failed test, and so do skipped or todo tests. Pure: `summarise` is tested in
// test/ci/summary.test.ts.
import { existsSync, readFileSync } from 'node:fs';

/**
 * @param {null | { numPassedTests?: number, numFailedTests?: number, numPendingTests?: number, numTodoTests?: number, testResults?: { status?: string, assertionResults?: { status?: string }[] }[] }} r
 * @param {number} npmStatus exit status of `npm test` (type-check and vitest)
 * @returns {{ line: string, notes: string[], ok: boolean }}
 */
export function summarise(r, npmStatus) {
  const notes = [];
  if (!r) return { line: '0 passed, 1 failed', notes: ['No test results were written (the type-check or vitest failed before running tests).'], ok: false };
  const passed = r.numPassedTests ?? 0;
  let failed = r.numFailedTests ?? 0;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  if (skipped > 0) notes.push(`${skipped} test(s) were skipped; in CI that is a failure.`);
  failed += skipped;
  // A suite that failed with none of its tests failed (load error, hook failure): one failure each.
  const brokenSuites = (r.testResults ?? []).filter((s) => s.status === 'failed' && !(s.assertionResults ?? []).some((t) => t.status === 'failed'));
  if (brokenSuites.length > 0) notes.push(`${brokenSuites.length} test file(s) failed outside any test (load error or hook).`);
  failed += brokenSuites.length;
  // npm test failed (e.g. the type-check) although every test passed: still a failure.
  if (npmStatus !== 0 && failed === 0) {
    notes.push(`npm test exited with status ${npmStatus}.`);
    failed = 1;
  }
  return { line: `${passed} passed, ${failed} failed`, notes, ok: failed === 0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.env.RESULTS ?? 'test-results/vitest.json';
  const r = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  const { line, notes, ok } = summarise(r, Number(process.env.NPM_TEST_STATUS ?? 0));
  for (const n of notes) console.error(n);
  console.log(line);
  process.exit(ok ? 0 : 1);
}
