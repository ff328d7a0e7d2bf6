/**
 * An administrator raises a source's politeness budget over the API (GET/PUT/DELETE
 * /api/sources/:id/budget), through the same use case as `linhai sources budget`: readers are
 * refused, values out of range or empty bodies are refused with an error naming the field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { PASSWORD, startHarness } from './server-harness.ts';
import type { Agent, Harness } from './server-harness.ts';

describe('source budget routes', () => {
  let h: Harness;
  let cluster: DemoCluster;
  let admin: Agent;
  let id = 0;
  let url = '';

  before(async () => {
    cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
    h = await startHarness({ allowHosts: ['127.0.0.1'] });
    admin = h.agent();
    assert.equal((await admin.register('admin')).statusCode, 201);
    const source = cluster.site('biquge').source as { bookSourceUrl: string };
    url = source.bookSourceUrl;
    const imported = await admin.request('POST', '/api/sources', { text: JSON.stringify(source) });
    assert.equal(imported.statusCode, 200, imported.body);
    const listed = JSON.parse((await admin.request('GET', '/api/sources')).body) as {
      id: number;
      url: string;
    }[];
    id = listed.find((s) => s.url === url)?.id ?? 0;
    assert.ok(id > 0);
  });
  after(async () => {
    await h?.close();
    await cluster?.close();
  });

  test('the admin raises, reads and clears the budget; the CLI’s store sees the same', async () => {
    const shown = await admin.request('GET', `/api/sources/${id}/budget`);
    assert.equal(shown.statusCode, 200, shown.body);
    assert.deepEqual(JSON.parse(shown.body), { source: url, budget: null });

    const raised = await admin.request('PUT', `/api/sources/${id}/budget`, {
      concurrency: 8,
      minIntervalMs: 0,
    });
    assert.equal(raised.statusCode, 200, raised.body);
    const body = JSON.parse(raised.body) as { budget: Record<string, unknown> };
    assert.deepEqual([body.budget['concurrency'], body.budget['minIntervalMs']], [8, 0]);
    const stored = await h.app.store.sourceBudgets.get(url);
    assert.deepEqual([stored?.concurrency, stored?.minIntervalMs], [8, 0]);

    // A PUT replaces the budget: a limit left out is the host default again.
    const intervalOnly = await admin.request('PUT', `/api/sources/${id}/budget`, {
      minIntervalMs: 50,
    });
    assert.equal(intervalOnly.statusCode, 200, intervalOnly.body);
    const again = JSON.parse((await admin.request('GET', `/api/sources/${id}/budget`)).body) as {
      budget: Record<string, unknown>;
    };
    assert.deepEqual([again.budget['concurrency'], again.budget['minIntervalMs']], [null, 50]);

    const cleared = await admin.request('DELETE', `/api/sources/${id}/budget`);
    assert.equal(cleared.statusCode, 200, cleared.body);
    assert.deepEqual(JSON.parse(cleared.body), { source: url, budget: null });
    assert.equal(await h.app.store.sourceBudgets.get(url), undefined);
  });

  test('bad values are refused with an error that names the field', async () => {
    for (const [bad, field] of [
      [{ concurrency: 0 }, 'concurrency'],
      [{ concurrency: 65 }, 'concurrency'],
      [{ concurrency: 2.5 }, 'concurrency'],
      [{ minIntervalMs: -1 }, 'minIntervalMs'],
      [{ minIntervalMs: 60_001 }, 'minIntervalMs'],
      [{ minIntervalMs: 'soon' }, 'minIntervalMs'],
      [{ concurrency: 4, extra: 1 }, 'extra'],
      [{}, 'concurrency'],
    ] as const) {
      const response = await admin.request('PUT', `/api/sources/${id}/budget`, bad);
      assert.equal(response.statusCode, 400, `${JSON.stringify(bad)}: ${response.body}`);
      const { error } = JSON.parse(response.body) as { error: { code: string; message: string } };
      assert.equal(error.code, 'invalid-input');
      assert.match(error.message, new RegExp(field), JSON.stringify(bad));
    }
    assert.equal((await admin.request('GET', '/api/sources/999999/budget')).statusCode, 404);
    assert.equal(await h.app.store.sourceBudgets.get(url), undefined);
  });

  test('a reader may neither read nor change a budget', async () => {
    const invitation = await admin.request('POST', '/api/admin/invitations');
    const code = String((JSON.parse(invitation.body) as { code: string }).code);
    const reader = h.agent();
    assert.equal((await reader.register('reader1', PASSWORD, code)).statusCode, 201);
    assert.equal((await reader.request('GET', `/api/sources/${id}/budget`)).statusCode, 403);
    const put = await reader.request('PUT', `/api/sources/${id}/budget`, { concurrency: 64 });
    assert.equal(put.statusCode, 403);
    assert.equal((await reader.request('DELETE', `/api/sources/${id}/budget`)).statusCode, 403);
    assert.equal(await h.app.store.sourceBudgets.get(url), undefined);
  });
});
