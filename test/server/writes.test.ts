import { describe, expect, it } from 'vitest';
import { testApp, writableTestApp } from './app-factory';
import { WEST } from './factories';

const EDITOR = { 'x-test-user': 'li:editor' };
const JSON_CT = { 'Content-Type': 'application/merge-patch+json' };
const evidence = { status_date: '2025-06-30', status_evidence: { title: '上饶市2025年政府工作报告' } };

async function etagOf(app: Awaited<ReturnType<typeof writableTestApp>>['app'], id: string) {
  const res = await app.request(`/api/features/${id}`);
  expect(res.status).toBe(200);
  return res.headers.get('etag')!;
}

function patch(app: Awaited<ReturnType<typeof writableTestApp>>['app'], id: string, body: unknown, headers: Record<string, string> = {}, query = '') {
  return app.request(`/api/features/${id}${query}`, { method: 'PATCH', headers: { ...EDITOR, ...JSON_CT, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

describe('writes: who may', () => {
  it('answers 401 to every write in production (no accounts yet), with the error shape', async () => {
    const app = await testApp(undefined, {}, 'memory'); // the read-only memory store: no write routes at all
    expect((await app.request('/api/features/west-point', { method: 'PATCH', body: '{}' })).status).toBe(405);
    const { app: w } = await writableTestApp(undefined, { testGuard: false }); // production's guard
    for (const [method, path] of [
      ['POST', '/api/layers/places/features'],
      ['PATCH', '/api/features/west-point'],
      ['DELETE', '/api/features/west-point'],
      ['POST', '/api/measures/4/progress'],
      ['POST', '/api/change-sets/1/revert'],
    ]) {
      const res = await w.request(path, { method, headers: { ...EDITOR, ...JSON_CT, 'If-Match': '*' }, body: method === 'DELETE' ? undefined : '{}' });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/Bearer/);
      expect((await res.json()).error.code).toBe('unauthenticated');
    }
  });

  it('a viewer gets 403; an editor limited to another county gets 403', async () => {
    const { app } = await writableTestApp();
    const etag = await etagOf(app, 'east-point');
    expect((await patch(app, 'east-point', { properties: { name: 'x' } }, { 'x-test-user': 'wang:viewer', 'If-Match': etag })).status).toBe(403);
    const res = await patch(app, 'east-point', { properties: { name: 'x' } }, { 'x-test-user': `zhao:editor:${WEST}`, 'If-Match': etag });
    expect(res.status).toBe(403);
    expect((await res.json()).error.message).toMatch(new RegExp(WEST));
  });

  it('still refuses PUT and writes to read-only paths with 405 and Allow', async () => {
    const { app } = await writableTestApp();
    const res = await app.request('/api/features/west-point', { method: 'PUT', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS, PATCH, DELETE');
    expect((await app.request('/api/layers', { method: 'POST', body: '{}' })).status).toBe(405);
  });
});

describe('PATCH /api/features/{id}', () => {
  it('needs If-Match (428), refuses a stale one (412) and accepts the ETag in any encoding variant', async () => {
    const { app } = await writableTestApp();
    expect((await patch(app, 'west-point', { properties: { name: 'a' } })).status).toBe(428);
    const etag = await etagOf(app, 'west-point');
    const ok = await patch(app, 'west-point', { properties: { name: 'a' } }, { 'If-Match': `W/${etag.replace(/"$/, '-gzip"')}` });
    expect(ok.status).toBe(200);
    const fresh = ok.headers.get('etag')!;
    expect(fresh).not.toBe(etag);
    expect(fresh.startsWith('"2-')).toBe(true);
    const stale = await patch(app, 'west-point', { properties: { name: 'b' } }, { 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect((await stale.json()).error.code).toBe('precondition_failed');
    expect((await (await app.request('/api/features/west-point')).json()).properties.name).toBe('a');
    expect((await patch(app, 'west-point', { properties: { name: 'c' } }, { 'If-Match': fresh.replace(/"$/, ';br"') })).status).toBe(200);
  });

  it('moves the data version: list bodies and their ETags change, and the new data is served', async () => {
    const { app } = await writableTestApp();
    const before = await app.request('/api/layers/places/features');
    const etag = await etagOf(app, 'west-point');
    await patch(app, 'west-point', { properties: { name: '新名' } }, { 'If-Match': etag });
    const after = await app.request('/api/layers/places/features');
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    expect((await after.json()).features.find((f: { id: string }) => f.id === 'west-point').properties.name).toBe('新名');
    expect((await app.request('/api/layers/places/features', { headers: { 'If-None-Match': before.headers.get('etag')! } })).status).toBe(200);
  });

  it('refuses malformed bodies with 400/415/413 and invalid data with 422 naming the field; nothing changes', async () => {
    const { app } = await writableTestApp();
    const etag = await etagOf(app, 'west-point');
    const bad = await patch(app, 'west-point', '{"properties": ', { 'If-Match': etag });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('bad_json');
    expect((await patch(app, 'west-point', { properties: { name: 'x' } }, { 'If-Match': etag, 'Content-Type': 'text/plain' })).status).toBe(415);
    const big = await patch(app, 'west-point', { properties: { quote: 'x'.repeat(1_100_000) } }, { 'If-Match': etag });
    expect(big.status).toBe(413);
    const status = await patch(app, 'west-point', { properties: { status: 'completed' } }, { 'If-Match': etag });
    expect(status.status).toBe(422);
    expect((await status.json()).error).toMatchObject({ code: 'status_evidence_required', parameter: 'properties.status_date' });
    const unknown = await patch(app, 'west-point', { properties: { colour: 'red' } }, { 'If-Match': etag });
    expect((await unknown.json()).error.parameter).toBe('properties.colour');
    expect(await etagOf(app, 'west-point')).toBe(etag);
  });

  it('records a status change with date and evidence, public in the feature', async () => {
    const { app } = await writableTestApp();
    const etag = await etagOf(app, 'west-point');
    const res = await patch(app, 'west-point', { properties: { status: 'completed', ...evidence } }, { 'If-Match': etag }, '?note=%E6%8D%AE%E6%8A%A5%E5%91%8A');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/private/);
    const f = await (await app.request('/api/features/west-point')).json();
    expect(f.properties).toMatchObject({ status: 'completed', status_date: '2025-06-30', status_evidence: { title: '上饶市2025年政府工作报告' } });
  });
});

describe('POST, DELETE, restore, progress, revert', () => {
  it('creates (201, Location, ETag), deletes (204) and restores a feature', async () => {
    const { app } = await writableTestApp();
    const body = {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [117.3, 28.3] },
      properties: { id: 'new-place', name: '新地点', name_en: 'New place', measures: [4], status: 'planned', clause: '（四）', quote: '支持', precision: 'approximate', location_note: '测试', location_note_en: 'test', counties: ['999999'] },
    };
    const res = await app.request('/api/layers/places/features', { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/geo+json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe('/api/features/new-place');
    expect(res.headers.get('etag')).toMatch(/^"1-/);
    expect((await res.json()).properties.counties).toEqual([WEST]);
    const again = await app.request('/api/layers/places/features', { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect(again.status).toBe(409);
    const etag = await etagOf(app, 'new-place');
    expect((await app.request('/api/features/new-place', { method: 'DELETE', headers: EDITOR })).status).toBe(428);
    expect((await app.request('/api/features/new-place', { method: 'DELETE', headers: { ...EDITOR, 'If-Match': etag } })).status).toBe(204);
    expect((await app.request('/api/features/new-place')).status).toBe(404);
    expect((await app.request('/api/features/new-place/restore', { method: 'POST', headers: EDITOR })).status).toBe(200);
    expect((await app.request('/api/features/new-place')).status).toBe(200);
  });

  it('reports progress (201) and shows it in /api/stats with as-of date and source', async () => {
    const { app } = await writableTestApp();
    const report = { target: 'm4-five-a', value: 2, as_of: '2025-12-31', source: '上饶市2025年统计公报' };
    const res = await app.request('/api/measures/4/progress', { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/json' }, body: JSON.stringify(report) });
    expect(res.status).toBe(201);
    const stats = await (await app.request('/api/stats')).json();
    expect(stats.measures.find((m: { id: number }) => m.id === 4).targets[0].reported).toMatchObject({ value: 2, as_of: '2025-12-31', source: '上饶市2025年统计公报' });
    const bad = await app.request('/api/measures/4/progress', { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...report, as_of: '31/12/2025' }) });
    expect(bad.status).toBe(422);
    expect((await bad.json()).error.parameter).toBe('as_of');
    expect((await app.request('/api/measures/24/progress', { method: 'POST', headers: { ...EDITOR, 'Content-Type': 'application/json' }, body: JSON.stringify(report) })).status).toBe(404);
  });

  it('reverts a change set as a new one (201)', async () => {
    const { app } = await writableTestApp();
    await patch(app, 'west-point', { properties: { name: '改' } }, { 'If-Match': await etagOf(app, 'west-point') });
    const res = await app.request('/api/change-sets/1/revert?note=undo', { method: 'POST', headers: EDITOR });
    expect(res.status).toBe(201);
    expect((await res.json()).change_set).toMatchObject({ id: '2', kind: 'revert', reverts: '1', note: 'undo' });
    expect((await (await app.request('/api/features/west-point')).json()).properties.name).toBe('三清山');
    expect((await app.request('/api/change-sets/77/revert', { method: 'POST', headers: EDITOR })).status).toBe(404);
  });
});

describe('history', () => {
  it('lists changes newest first; anonymous readers get no names and no private fields; private caching', async () => {
    const { app } = await writableTestApp();
    await patch(app, 'west-point', { properties: { internal_note: '内部备注' } }, { 'If-Match': await etagOf(app, 'west-point') });
    await patch(app, 'east-point', { properties: { name: '东点' } }, { 'If-Match': await etagOf(app, 'east-point') }, '?note=更名');
    const anon = await app.request('/api/changes');
    expect(anon.status).toBe(200);
    expect(anon.headers.get('cache-control')).toMatch(/private/);
    const body = await anon.json();
    expect(body.change_sets.map((c: { id: string }) => c.id)).toEqual(['2']);
    expect(body.change_sets[0]).toMatchObject({ author: null, note: '更名', changes: [{ op: 'update', feature: 'east-point', fields: [{ field: 'name', before: '地点east-point', after: '东点' }] }] });
    expect(JSON.stringify(body)).not.toContain('内部备注');
    expect(JSON.stringify(body)).not.toContain('"li"');
    const viewer = await (await app.request('/api/changes', { headers: { 'x-test-user': 'wang:viewer' } })).json();
    expect(viewer.change_sets.map((c: { id: string }) => c.id)).toEqual(['2', '1']);
    expect(viewer.change_sets[0].author).toEqual({ username: 'li' });
    const one = await (await app.request('/api/features/east-point/history')).json();
    expect(one.numberMatched).toBe(1);
    expect((await (await app.request('/api/changes?county=361103&since=2000-01-01')).json()).numberMatched).toBe(1);
  });

  it('refuses malformed history queries with 400 naming the parameter', async () => {
    const { app } = await writableTestApp();
    for (const [q, param] of [
      ['since=yesterday', 'since'],
      ['until=2026-13-45', 'until'],
      ['county=999999', 'county'],
      ['measure=0', 'measure'],
      ['layer=nope', 'layer'],
      ['limit=0', 'limit'],
      ['colour=red', 'colour'],
    ]) {
      const res = await app.request(`/api/changes?${q}`);
      expect(res.status, q).toBe(400);
      expect((await res.json()).error.parameter, q).toBe(param);
    }
    expect((await app.request('/api/features/nope/history')).status).toBe(404);
  });
});
