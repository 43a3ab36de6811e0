/**
 * POST /api/change-sets: several features changed as one change set, all or nothing (the planner's
 * bulk status change). Who may is in security.test.ts; here the body, the preconditions and the result.
 */
import { describe, expect, it } from 'vitest';
import { writableTestApp } from './app-factory';
import { WEST } from './factories';

const EDITOR = { 'x-test-user': 'li:editor', 'Content-Type': 'application/json' };
type App = Awaited<ReturnType<typeof writableTestApp>>['app'];

const etagOf = async (app: App, id: string) => (await app.request(`/api/features/${id}`)).headers.get('etag')!;
const statusPatch = { properties: { status: 'completed', status_date: '2025-12-31', status_evidence: { title: '上饶市2025年统计公报' } } };
const bulk = (app: App, body: unknown, headers: Record<string, string> = EDITOR, query = '') =>
  app.request(`/api/change-sets${query}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('POST /api/change-sets (bulk)', () => {
  it('changes every listed feature in one change set with the note, and each feature gets a new ETag', async () => {
    const { app } = await writableTestApp();
    const ids = ['west-point', 'east-point'];
    const before = await Promise.all(ids.map((id) => etagOf(app, id)));
    const res = await bulk(app, { changes: ids.map((id, i) => ({ id, if_match: before[i], patch: statusPatch })) }, EDITOR, '?note=' + encodeURIComponent('年度核查'));
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toContain('private');
    const { change_set } = await res.json();
    expect(change_set.note).toBe('年度核查');
    expect(change_set.changes.map((c: { feature: string }) => c.feature).sort()).toEqual([...ids].sort());
    for (const [i, id] of ids.entries()) {
      const f = await (await app.request(`/api/features/${id}`)).json();
      expect(f.properties).toMatchObject({ status: 'completed', status_date: '2025-12-31', status_evidence: { title: '上饶市2025年统计公报' } });
      expect(await etagOf(app, id)).not.toBe(before[i]);
    }
    const history = await (await app.request('/api/changes?limit=5', { headers: { 'x-test-user': 'wang:viewer' } })).json();
    expect(history.change_sets[0].id).toBe(change_set.id);
    expect(history.change_sets[0].author.username).toBe('li');
  });

  it('one stale if_match: 412 naming that feature, and nothing changed at all', async () => {
    const { app } = await writableTestApp();
    const west = await etagOf(app, 'west-point');
    const res = await bulk(app, { changes: [{ id: 'west-point', if_match: west, patch: statusPatch }, { id: 'east-point', if_match: '"99-stale"', patch: statusPatch }] });
    expect(res.status).toBe(412);
    const err = (await res.json()).error;
    expect(err.message).toContain('east-point');
    expect(err.parameter).toBe('changes.1.if_match');
    expect(await etagOf(app, 'west-point')).toBe(west);
    expect((await (await app.request('/api/features/west-point')).json()).properties.status).not.toBe('completed');
  });

  it('an editor limited to one county: 403 when any listed feature lies outside it, nothing changed', async () => {
    const { app } = await writableTestApp();
    const [west, east] = [await etagOf(app, 'west-point'), await etagOf(app, 'east-point')];
    const res = await bulk(app, { changes: [{ id: 'west-point', if_match: west, patch: statusPatch }, { id: 'east-point', if_match: east, patch: statusPatch }] }, { ...EDITOR, 'x-test-user': `zhao:editor:${WEST}` });
    expect(res.status).toBe(403);
    expect(await etagOf(app, 'west-point')).toBe(west);
  });

  it('refuses malformed bodies with 400 naming the field and what is allowed', async () => {
    const { app } = await writableTestApp();
    const etag = await etagOf(app, 'west-point');
    const cases: [unknown, string][] = [
      [{}, 'changes'],
      [{ changes: [] }, 'changes'],
      [{ changes: [{ id: 'West Point', if_match: etag, patch: statusPatch }] }, 'changes.0.id'],
      [{ changes: [{ id: 'west-point', patch: statusPatch }] }, 'changes.0.if_match'],
      [{ changes: [{ id: 'west-point', if_match: etag, patch: 'completed' }] }, 'changes.0.patch'],
      [{ changes: [{ id: 'west-point', if_match: etag, patch: statusPatch, extra: 1 }] }, 'changes.0'],
      [{ changes: [{ id: 'west-point', if_match: etag, patch: statusPatch }, { id: 'west-point', if_match: etag, patch: statusPatch }] }, 'changes.1.id'],
      [{ changes: Array.from({ length: 501 }, () => ({ id: 'west-point', if_match: etag, patch: statusPatch })) }, 'changes'],
    ];
    for (const [body, parameter] of cases) {
      const res = await bulk(app, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const err = (await res.json()).error;
      expect(err.parameter).toBe(parameter);
      expect(err.message.length).toBeGreaterThan(20);
    }
    const missing = await bulk(app, { changes: [{ id: 'no-such-feature', if_match: '*', patch: statusPatch }] });
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.message).toContain('no-such-feature');
    const invalid = await bulk(app, { changes: [{ id: 'west-point', if_match: etag, patch: { properties: { status: 'finished' } } }] });
    expect(invalid.status).toBe(422);
    expect((await bulk(app, '{"changes": [')).status).toBe(400);
  });
});
