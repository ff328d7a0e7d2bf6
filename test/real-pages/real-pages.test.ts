/**
 * The real-page replay corpus (see README.md here): real community sources over real saved pages
 * of biquge-family sites, each site replayed on 127.0.0.1, each run through the app's use cases
 * as `linhai add <url>` and `linhai read` run them. A source written for the page's template
 * extracts exactly what a person sees; any other stops with an error naming the real cause.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importSources } from '#sources';
import type { BookSource } from '#sources';
import { sharedData, sharedDataSkip } from '../support/outside-material.ts';
import { pairs, sites } from './corpus.ts';
import type { Pair, RealSite } from './corpus.ts';
import { startReplaySite } from './replay-site.ts';
import type { ReplaySite } from './replay-site.ts';
import { runPair } from './run-pair.ts';
import type { Observed } from './run-pair.ts';

const skip = sharedDataSkip('real-pages', 'booksources');

// A backstop: should a rule name a host the replay does not serve, the request goes to a closed
// local port instead of leaving the machine.
process.env.HTTP_PROXY = 'http://127.0.0.1:9';
process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
process.env.NO_PROXY = '127.0.0.1';

const replays = new Map<string, ReplaySite>();
before(async () => {
  if (skip) return;
  for (const site of sites) replays.set(site.name, await startReplaySite(site));
});
after(async () => {
  for (const replay of replays.values()) await replay.close();
});

function sourceOf(pair: Pair): BookSource {
  const text = readFileSync(sharedData(`booksources/${pair.collection}`), 'utf8');
  const source = importSources(text).sources.find((s) => s.bookSourceName === pair.source);
  assert.ok(source, `${pair.source} is in ${pair.collection}`);
  return source;
}

function seesBook(observed: Observed, site: RealSite): void {
  assert.equal(observed.title, site.sees.title);
  assert.equal(observed.author, site.sees.author);
}

function seesEverything(observed: Observed, site: RealSite): void {
  seesBook(observed, site);
  const { chapters, firstChapter } = site.sees;
  if (chapters) assert.deepEqual(observed.chapters, chapters());
  if (firstChapter) {
    assert.equal(observed.firstChapter?.title, firstChapter.title);
    assert.deepEqual(observed.firstChapter?.paragraphs, firstChapter.paragraphs());
  }
}

describe('real pages, real sources, replayed', { skip }, () => {
  for (const pair of pairs) {
    const site = sites.find((s) => s.name === pair.site)!;
    const expect = pair.expect;
    // A source that skips the first chapters never lists the one chapter page that was saved.
    const skipsFirst = expect.kind === 'differs' && 'dropsFirstChapters' in expect.differs;
    test(`${pair.source} on ${site.name}: ${expect.kind}`, async () => {
      const observed = await runPair(
        sourceOf(pair),
        replays.get(site.name)!.origin,
        site.bookPath,
        {
          readFirstChapter: site.sees.firstChapter !== undefined && !skipsFirst,
        },
      );
      const { failure } = observed;
      if (expect.kind === 'fails') {
        assert.ok(failure, `expected a failure at ${expect.step}`);
        assert.equal(failure.step, expect.step, failure.message);
        assert.equal(failure.code, expect.code, failure.message);
        for (const words of expect.mentions)
          assert.ok(failure.message.includes(words), `"${failure.message}" names ${words}`);
        if (expect.seesBook) seesBook(observed, site);
        return;
      }
      assert.equal(failure, undefined, failure?.message);
      if (expect.kind === 'exact') return seesEverything(observed, site);
      const { differs } = expect;
      if ('dropsFirstChapters' in differs) {
        seesBook(observed, site);
        assert.deepEqual(
          observed.chapters,
          site.sees.chapters!().slice(differs.dropsFirstChapters),
        );
      } else {
        // Everything else as a person sees it.
        seesEverything({ ...observed, author: site.sees.author }, site);
        assert.equal(observed.author, differs.author);
      }
    });
  }
});
