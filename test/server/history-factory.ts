/**
 * An app over the API suite's writable store with a clock the test moves: each write is recorded
 * at the instant given, as an editor, so tests of time (asof, the timeline) can lay down a history.
 */
import { expect } from 'vitest';
import { writableTestApp } from './app-factory';

const EDITOR = { 'x-test-user': 'li:editor' };
const PATCH_CT = { 'Content-Type': 'application/merge-patch+json' };

export async function historyApp() {
  let clock = new Date('2025-01-01T00:00:00Z');
  const { app } = await writableTestApp(undefined, { now: () => clock });

  const etagOf = async (id: string) => {
    const res = await app.request(`/api/features/${id}`);
    expect(res.status).toBe(200);
    return res.headers.get('etag')!;
  };
  const at = async (instant: string, write: () => Response | Promise<Response>, status: number) => {
    clock = new Date(instant);
    const res = await write();
    expect(res.status, await res.clone().text()).toBe(status);
  };

  return {
    app,
    /** GET `path`, expecting 200; its JSON body. */
    json: async (path: string) => {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      return res.json();
    },
    /** At `instant`, a merge-patch of feature `id` (its properties and/or geometry). */
    patch: (instant: string, id: string, body: object) =>
      at(instant, async () => app.request(`/api/features/${id}`, { method: 'PATCH', headers: { ...EDITOR, ...PATCH_CT, 'If-Match': await etagOf(id) }, body: JSON.stringify(body) }), 200),
    /** At `instant`, feature `id` deleted. */
    remove: (instant: string, id: string) =>
      at(instant, async () => app.request(`/api/features/${id}`, { method: 'DELETE', headers: { ...EDITOR, 'If-Match': await etagOf(id) } }), 204),
    /** At `instant`, a progress report on a target of `measure`. */
    report: (instant: string, measure: number, body: { target: string; value: number; as_of: string; source: string }) =>
      at(instant, () => app.request(`/api/measures/${measure}/progress`, { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }), 201),
  };
}
