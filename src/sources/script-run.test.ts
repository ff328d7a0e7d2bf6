/**
 * Classification that agrees with running: every core-path rule that holds a script, of every
 * shared text source (../shared/data/booksources/), runs through the driver's rule context against a
 * real captured page served from 127.0.0.1 (every request of a script is answered from there, so
 * nothing leaves the machine). Scripts fail on data a real site would give them differently; what
 * must not happen is a failure the static scan contradicts: a method the scan counted as
 * implemented that is "not a function" when run, or a missing capability the classifier did not
 * name.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { isLinhaiError } from '#model';
import type { Fetcher } from '#net';
import { createSandbox, createVariableStore, getElements, getString, parseContent } from '#rules';
import type { Sandbox } from '#rules';
import { createTestClient } from '../../test/sources/fetcher.ts';
import {
  sharedData,
  sharedDataSkip,
  sharedJsonFiles,
} from '../../test/support/outside-material.ts';
import { classifySource } from './classify.ts';
import { callSurface } from './rule-scan.ts';
import { importSources } from './import-export.ts';
import { scriptCalls } from './script-calls.ts';
import { scriptsIn } from './script-text.ts';
import { Stage } from './stage.ts';
import type { BookSource } from './types.ts';

const skip = sharedDataSkip('booksources', 'novel-html/wangyige0701-novel');

describe('running every core-path rule with a script of the shared text sources', { skip }, () => {
  let origin = '';
  let sandbox: Sandbox;
  let pageHtml = '';
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(pageHtml);
  });
  before(async () => {
    const dir = sharedData('novel-html/wangyige0701-novel');
    pageHtml = readFileSync(
      join(
        dir,
        readdirSync(dir).find((f) => f.endsWith('.html'))!,
      ),
      'utf8',
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sandbox = await createSandbox({ timeLimitMs: 100 });
  });
  after(() => {
    server.close();
    sandbox.dispose();
  });

  test('no failure contradicts the classification', async () => {
    const client = createTestClient();
    // Every URL a script asks for is answered by the local page (same path), never by its host.
    const fetcher: Fetcher = {
      fetch: (request) => {
        const url = new URL(request.url);
        return client.fetch({ ...request, url: `${origin}${url.pathname}${url.search}` });
      },
    };
    const surface = callSurface();
    const sources: BookSource[] = sharedJsonFiles('booksources')
      .flatMap((file) => importSources(readFileSync(file, 'utf8')).sources)
      .filter((s) => (typeof s.bookSourceType === 'number' ? s.bookSourceType : 0) === 0);
    const outcomes = new Map<string, number>();
    const count = (what: string) => outcomes.set(what, (outcomes.get(what) ?? 0) + 1);
    const contradictions: string[] = [];
    const undecided: string[] = [];
    for (const source of sources) {
      const missing = new Set(classifySource(source).missing);
      const stage = new Stage({ source, fetcher, sandbox });
      for (const sub of ['ruleSearch', 'ruleBookInfo', 'ruleToc', 'ruleContent']) {
        const rules = source[sub];
        if (typeof rules !== 'object' || rules === null) continue;
        for (const [key, value] of Object.entries(rules as Record<string, unknown>)) {
          if (typeof value !== 'string') continue;
          const where = `${sub}.${key}`;
          // The whole rule runs, so a script after a rule part gets that part's result.
          const scripts = scriptsIn(where, value, 'rule');
          if (scripts.length > 0) {
            const page = parseContent(pageHtml, `${origin}/book/1/`);
            const ctx = stage.ruleContext(page.baseUrl, createVariableStore(), {
              book: {
                name: '斗破苍穹',
                author: '天蚕土豆',
                bookUrl: page.baseUrl,
                tocUrl: page.baseUrl,
              },
              chapter: { title: '第一章', url: `${origin}/book/1/1.html` },
              key: '斗破',
              page: 1,
              title: '第一章',
            });
            try {
              if (key === 'bookList' || key === 'chapterList') await getElements(value, page, ctx);
              else await getString(value, page, ctx);
              count('ran');
            } catch (error) {
              if (!isLinhaiError(error)) throw error;
              const at = `${source.bookSourceName} ${where}`;
              const callee = error.details['callee'];
              if (error.code === 'capability-missing') {
                count('capability-missing');
                const capability = String(error.details['capability']);
                if (!missing.has(capability))
                  contradictions.push(`${at}: needs ${capability}, not named`);
              } else if (typeof callee === 'string') {
                count('not a function');
                undecided.push(`${at}: ${callee}`);
                // "l.size" is called on l, "….size" on what a call gave: match the scan's receiver.
                const dot = callee.lastIndexOf('.');
                const [receiver, method] = [callee.slice(0, dot), callee.slice(dot + 1)];
                const counted = scripts
                  .flatMap(scriptCalls)
                  .some(
                    (c) =>
                      c.method === method && c.receiver === receiver && surface[c.kind].has(method),
                  );
                // java.x that is missing becomes capability-missing in the driver; here it is raw.
                const named = callee.startsWith('java.') && missing.has(callee);
                if (counted && !named) contradictions.push(`${at}: ${error.message}`);
              } else count(error.code === 'js-timeout' ? 'timed out' : 'failed on the data');
            }
          }
        }
      }
    }
    console.log(
      `script run: ${sources.length} text sources, rules with scripts: ${[...outcomes].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
        `not a function, on values the scan cannot type: ${undecided.join('; ')}`,
    );
    assert.deepEqual(contradictions, []);
    assert.ok((outcomes.get('ran') ?? 0) > 200, 'most scripts should run on a real page');
  });
});
