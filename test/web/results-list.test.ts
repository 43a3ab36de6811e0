import { describe, expect, it } from 'vitest';
import { RESULTS_PAGE, visibleResults } from '../../web/src/planner/ResultsList';

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ properties: { id: `f${i}` } }));

describe('visibleResults', () => {
  it('shows a page of a long list, not all of it', () => {
    expect(visibleResults(rows(10_000), RESULTS_PAGE)).toHaveLength(RESULTS_PAGE);
    expect(visibleResults(rows(30), RESULTS_PAGE)).toHaveLength(30);
  });

  it('always lists the selected feature, first when it lies beyond the page', () => {
    const shown = visibleResults(rows(1000), 200, 'f700');
    expect(shown).toHaveLength(201);
    expect(shown[0].properties.id).toBe('f700');
    expect(visibleResults(rows(1000), 200, 'f5').map((r) => r.properties.id).filter((id) => id === 'f5')).toHaveLength(1);
  });
});
