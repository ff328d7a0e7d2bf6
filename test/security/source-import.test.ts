/**
 * Issue 16, smaller items: source addresses like `123`, `javascript:` and `file:` were accepted on
 * import, and a file that is not JSON answered 200 with `imported: -1`. Now each such source is
 * refused with its own reason, and an unreadable file is a 400 naming the position.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness } from '../server/server-harness.ts';
import type { Agent, Harness } from '../server/server-harness.ts';

let h: Harness;
let admin: Agent;

before(async () => {
  h = await startHarness({ allowHosts: ['127.0.0.1'] });
  admin = h.agent();
  assert.equal((await admin.register('admin')).statusCode, 201);
});
after(async () => {
  await h?.close();
});

interface ImportAnswer {
  imported: number;
  report: { url: string }[];
  errors: { item: string; message: string }[];
}

test('sources whose address is a bare number or another scheme are refused, each with a reason', async () => {
  const hostile = ['123', 'javascript:alert(document.cookie)', 'file:///etc/passwd', '0x7f.1'];
  const sources = [
    ...hostile.map((url, i) => ({ bookSourceUrl: url, bookSourceName: `hostile ${i}` })),
    { bookSourceUrl: 'https://novels.example', bookSourceName: 'fine' },
    { bookSourceUrl: 'www.kptxt.com', bookSourceName: 'a bare host, as real sources write' },
  ];
  const res = await admin.request('POST', '/api/sources', { text: JSON.stringify(sources) });
  assert.equal(res.statusCode, 200, res.body);
  const answer = JSON.parse(res.body) as ImportAnswer;
  assert.equal(answer.imported, 2);
  assert.deepEqual(
    answer.report.map((r) => r.url),
    ['https://novels.example', 'www.kptxt.com'],
  );
  assert.equal(answer.errors.length, hostile.length);
  hostile.forEach((url, i) => {
    const error = answer.errors[i]!;
    assert.equal(error.item, `item ${i + 1}`);
    assert.ok(error.message.includes(`hostile ${i}`) && error.message.includes(url), error.message);
  });
  const stored = JSON.parse((await admin.request('GET', '/api/sources')).body) as { url: string }[];
  for (const url of hostile) assert.ok(!stored.some((s) => s.url === url), url);
});

test('a file that is not JSON is a 400 naming where it breaks, not imported: -1', async () => {
  const res = await admin.request('POST', '/api/sources', {
    text: '[{"bookSourceUrl": "https://a.example",\n  {{ not json',
  });
  assert.equal(res.statusCode, 400, res.body);
  const body = JSON.parse(res.body) as {
    error: { code: string; message: string; details: { line: number; column: number } };
  };
  assert.equal(body.error.code, 'import-parse');
  assert.equal(body.error.details.line, 2, body.error.message);
  assert.match(body.error.message, /line 2, column \d+/);
});
