/**
 * A server over the demo sites with an administrator, two readers (alice, bob) and one short book
 * on alice's shelf, added the way the web app adds it (search, then the group key).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LightMyRequestResponse } from 'fastify';
import { startDemoSites } from '#demo';
import type { DemoCluster } from '#demo';
import { PASSWORD, addBookFromSearch, startHarness } from '../server/server-harness.ts';
import type { Agent, Harness } from '../server/server-harness.ts';
import { sharedData, sharedDataSkip } from '../support/outside-material.ts';

export interface OpdsFixture {
  readonly cluster: DemoCluster;
  readonly h: Harness;
  readonly alice: Agent;
  readonly bob: Agent;
  readonly book: { readonly id: number; readonly title: string };
  close(): Promise<void>;
}

/** The shortest demo book (90 chapters): the whole of it is exported. */
export const BOOK_TITLE = '旧城灯火';

export async function startOpdsFixture(): Promise<OpdsFixture> {
  const cluster = await startDemoSites({ sites: [{ template: 'biquge' }] });
  // Jobs run as in `linhai serve`: shelved books' files are built in the background.
  const h = await startHarness({ allowHosts: ['127.0.0.1'], jobs: true });
  const admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
  await admin.request('PATCH', '/api/admin/settings', { registration: 'open' });
  const imported = await admin.request('POST', '/api/sources', {
    text: JSON.stringify(cluster.sites.map((s) => s.source)),
  });
  assert.equal(imported.statusCode, 200, imported.body);
  const alice = h.agent();
  const bob = h.agent();
  assert.equal((await alice.register('alice')).statusCode, 201);
  assert.equal((await bob.register('bob')).statusCode, 201);
  const book = await addBookFromSearch(alice, BOOK_TITLE);
  // The biquge search list shows no covers; adding the book read its book page (before the
  // TOC), whose og:image gave the book its cover URL.
  const stored = await h.app.library.store.books.get(book.id);
  assert.ok(stored?.coverUrl, 'the book took its cover URL from the book page');
  return {
    cluster,
    h,
    alice,
    bob,
    book,
    async close() {
      await h.close();
      await cluster.close();
    },
  };
}

/**
 * A download as an e-reader retries it: while the server answers 503 "being prepared", again a
 * second later, for at most `withinMs`.
 */
export async function downloadWhenReady(
  h: Harness,
  url: string,
  headers: Record<string, string>,
  withinMs = 120_000,
): Promise<LightMyRequestResponse> {
  const until = performance.now() + withinMs;
  for (;;) {
    const response = await h.server.inject({ method: 'GET', url, headers });
    if (response.statusCode !== 503 || performance.now() > until) return response;
    await sleep(1_000);
  }
}

export const basic = (name: string, password = PASSWORD) =>
  `Basic ${Buffer.from(`${name}:${password}`).toString('base64')}`;

const rng = sharedData('opds/rng/opds.rng');
const schemaMissing = sharedDataSkip('opds/rng/opds.rng');
const scratch = mkdtempSync(join(tmpdir(), 'linhai-opds-feeds-'));
let written = 0;
let schemaNoted = false;

/** xmllint's verdict on a feed against the (patched) OPDS 1.2 RELAX NG schema. */
export function validateFeed(xml: string): { ok: boolean; messages: string } {
  // Without the schema (a clone on its own) the feeds' other assertions still run; CI has it.
  if (schemaMissing) {
    if (process.env.CI) throw new Error(schemaMissing);
    if (!schemaNoted) console.log(`# feeds not schema-validated: ${schemaMissing}`);
    schemaNoted = true;
    return { ok: true, messages: '' };
  }
  const file = join(scratch, `feed-${++written}.xml`);
  writeFileSync(file, xml);
  const run = spawnSync('xmllint', ['--noout', '--relaxng', rng, file], { encoding: 'utf8' });
  if (run.error) throw run.error;
  return { ok: run.status === 0, messages: `${run.stdout}${run.stderr}` };
}
