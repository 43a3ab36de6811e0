/**
 * Whether this build exposes `window.__sgm*` handles for the browser tests and the benchmark
 * (test/browser/driver.ts, bench/). Vite replaces `__SGM_TEST_HOOKS__` at build time (vite.config.ts):
 * true only in builds made with SGM_TEST_HOOKS=1 (the browser tests and the bench set it) and in
 * the dev server; a production build has no hooks, the code behind them removed as dead.
 */
declare const __SGM_TEST_HOOKS__: boolean;

// typeof: where no build defined it (unit tests under Node import this module too), hooks are off.
export const TEST_HOOKS: boolean = typeof __SGM_TEST_HOOKS__ !== 'undefined' && __SGM_TEST_HOOKS__;

/** Count a render of a view's top component in `window.__sgmRenders` (test builds only). */
export function countRender(name: string): void {
  if (!TEST_HOOKS) return;
  const w = window as unknown as { __sgmRenders?: Record<string, number> };
  const r = (w.__sgmRenders ??= {});
  r[name] = (r[name] ?? 0) + 1;
}
