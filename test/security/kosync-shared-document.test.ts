/**
 * Issue 16 item 12: one reader could slow KOReader sync and OPDS for everyone. Every user's
 * tokens, keys and pushes lived in one shared document that each request read whole; 120 pushes
 * of 1.5 MB grew it to 180 MB and everyone's requests went from 7 ms to 0.5–0.75 s. Now a push
 * is bounded (8 KiB body, bounded fields), each user's data is a document of its own, and a
 * user keeps at most 200 documents' pushes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { MAX_PUSHES_PER_USER } from '../../src/server/opds/reader-credentials.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let h: Harness;
const keys = new Map<string, string>();

before(async () => {
  h = await startHarness();
  const admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  for (const name of ['attacker', 'victim']) {
    const agent = h.agent();
    assert.equal((await agent.register(name)).statusCode, 201);
    const made = await agent.request('POST', '/api/me/kosync');
    keys.set(name, (JSON.parse(made.body) as { key: string }).key);
  }
});
after(() => h.close());

const push = (name: string, body: string) =>
  h.server.inject({
    method: 'PUT',
    url: '/kosync/syncs/progress',
    headers: {
      'content-type': 'application/json',
      'x-auth-user': name,
      'x-auth-key': md5(keys.get(name)!),
    },
    payload: body,
  });

const sizeOf = async (name: string) =>
  JSON.stringify((await h.app.store.documents.get(name)) ?? null).length;

test('120 pushes of 1.5 MB are refused and grow nothing', async () => {
  const big = 'x'.repeat(1_500_000);
  for (let i = 0; i < 120; i++) {
    const body = JSON.stringify({
      document: md5(`doc-${i}`),
      progress: '/body/DocFragment[2]/body/section/p[1]/text().0',
      percentage: 0.1,
      device: big,
      device_id: 'x',
    });
    const answer = await push('attacker', body);
    assert.equal(answer.statusCode, 413, `push ${i}: ${answer.body.slice(0, 200)}`);
  }
  // Small bodies with oversized fields are refused too.
  const long = await push(
    'attacker',
    JSON.stringify({
      document: 'd'.repeat(5_000),
      progress: 'p',
      percentage: 0,
      device: 'd',
      device_id: 'i',
    }),
  );
  assert.equal(long.statusCode, 403);
  for (const name of [
    'reader-devices',
    'kosync-progress:1',
    'kosync-progress:2',
    'kosync-progress:3',
  ])
    assert.ok((await sizeOf(name)) < 1_000, `${name} stayed small`);
});

test("a reader's pushes are bounded and kept apart from everyone else's", async () => {
  const attacker = (await h.app.store.users.getByName('attacker'))!;
  const victim = (await h.app.store.users.getByName('victim'))!;
  assert.equal(
    (
      await push(
        'victim',
        JSON.stringify({
          document: md5('victim-book'),
          progress: '/body/DocFragment[3]/body/section/p[1]/text().0',
          percentage: 0.2,
          device: 'Kobo',
          device_id: 'V1',
        }),
      )
    ).statusCode,
    200,
  );
  const victimBefore = await sizeOf(`kosync-progress:${victim.id}`);
  // As much as a push may carry, for 1,000 different documents.
  for (let i = 0; i < 1_000; i++) {
    const answer = await push(
      'attacker',
      JSON.stringify({
        document: md5(`flood-${i}`),
        progress: 'p'.repeat(2_048),
        percentage: 0.5,
        device: 'd'.repeat(256),
        device_id: 'i'.repeat(256),
      }),
    );
    assert.equal(answer.statusCode, 200, answer.body);
  }
  const kept = (await h.app.store.documents.get(`kosync-progress:${attacker.id}`)) as {
    pushes: Record<string, unknown>;
  };
  assert.equal(Object.keys(kept.pushes).length, MAX_PUSHES_PER_USER);
  assert.ok((await sizeOf(`kosync-progress:${attacker.id}`)) < 700_000);
  // The victim's own documents did not grow, and they hold nothing of the attacker's.
  assert.equal(await sizeOf(`kosync-progress:${victim.id}`), victimBefore);
  assert.ok((await sizeOf(`reader-devices:${victim.id}`)) < 1_000);
  assert.ok((await sizeOf('reader-devices')) < 1_000, 'no document shared by every user grows');
  const pulled = await h.server.inject({
    method: 'GET',
    url: `/kosync/syncs/progress/${md5('victim-book')}`,
    headers: { 'x-auth-user': 'victim', 'x-auth-key': md5(keys.get('victim')!) },
  });
  assert.equal(JSON.parse(pulled.body).device_id, 'V1');
});
