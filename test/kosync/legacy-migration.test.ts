/**
 * Instances that enabled KOReader sync before sync keys: every user's OPDS token, the unsalted MD5
 * of the password and the pushes lived in one shared document (`reader-devices`). On first use
 * they move to per-user documents; the password-derived key is kept only as a salted scrypt hash
 * and keeps working (until the reader makes a sync key or revokes it), and the old document is
 * emptied.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startHarness } from '../server/server-harness.ts';
import type { Harness } from '../server/server-harness.ts';
import { ReaderCredentials, documentSlot } from '../../src/server/opds/reader-credentials.ts';

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(() => h.close());

test('the old shared document moves to per-user documents, the old key hashed', async () => {
  const push = {
    progress: '/body/DocFragment[3]/body',
    percentage: 0.1,
    device: 'Kobo',
    deviceId: 'K1',
    timestamp: 100,
    linhaiReadAt: undefined,
  };
  await h.app.store.documents.update('reader-devices', () => ({
    tokens: { 7: 'old-token' },
    kosyncKeys: { 7: md5('old password') },
    progress: { '7:ABCDEF': push },
  }));
  const credentials = new ReaderCredentials(undefined, h.app.store.documents, Date.now);

  assert.equal(await credentials.checkSyncKey(7, md5('old password')), true, 'still works');
  assert.equal(await credentials.checkSyncKey(7, md5('wrong')), false);
  assert.equal((await credentials.syncKey(7))?.kind, 'password');
  assert.equal(await credentials.userOfToken('old-token'), 7);
  // Stored as JSON: the undefined `linhaiReadAt` is absent.
  assert.deepEqual(
    JSON.stringify(await credentials.lastPush(7, documentSlot('abcdef'))),
    JSON.stringify(push),
  );
  const devices = JSON.stringify(await h.app.store.documents.get('reader-devices:7'));
  assert.ok(!devices.includes(md5('old password')), 'the MD5 of the password is gone');
  assert.deepEqual(await h.app.store.documents.get('reader-devices'), {
    tokens: {},
    kosyncKeys: {},
    progress: {},
  });
  // A new sync key replaces the password-derived one.
  const { key } = await credentials.createSyncKey(7);
  assert.equal(await credentials.checkSyncKey(7, md5('old password')), false);
  assert.equal(await credentials.checkSyncKey(7, md5(key)), true);
});
