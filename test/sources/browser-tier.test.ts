/**
 * The browser tier through the source driver, over the browser demo sites (#demo): pages whose
 * chapter list and text a script fills in (webView, webJs, java.webView, sourceRegex), a host
 * behind a cookie-setting script challenge (passed once, then plain requests), and the same
 * sources without the tier (capability-missing saying how to enable it).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogue, startBrowserDemoSite } from '#demo';
import type { BrowserDemoSite } from '#demo';
import { createBrowserPool, findChromium } from '#net';
import type { BrowserTier } from '#net';
import { createSandbox } from '#rules';
import { createSourceDriver, importSources } from '#sources';
import type { BookSource, SourceDriver } from '#sources';
import { chromiumSkip } from '../../src/net/test-support.ts';
import { createTestClient } from './fetcher.ts';

const skip = await chromiumSkip();

describe('browser tier through the driver', { skip }, () => {
  const client = createTestClient();
  let pool: BrowserTier;
  let scripted: BrowserDemoSite;
  let challenge: BrowserDemoSite;
  const sandbox = createSandbox();

  before(async () => {
    const found = findChromium({});
    assert.ok('path' in found);
    pool = createBrowserPool({ client, executablePath: found.path, size: 2, useTimeoutMs: 15_000 });
    [scripted, challenge] = await Promise.all([
      startBrowserDemoSite('scripted'),
      startBrowserDemoSite('challenge'),
    ]);
  });
  after(async () => {
    await pool?.close();
    await client.close();
    await scripted?.close();
    await challenge?.close();
  });

  function sourceNamed(site: BrowserDemoSite, name: string): BookSource {
    const raw = site.sources.find((s) => String(s.bookSourceUrl).endsWith(`#${name}`));
    assert.ok(raw, name);
    const [source] = importSources(JSON.stringify(raw)).sources;
    assert.ok(source);
    return source;
  }

  async function driverFor(
    site: BrowserDemoSite,
    name: string,
    browser = true,
  ): Promise<SourceDriver> {
    return createSourceDriver({
      source: sourceNamed(site, name),
      fetcher: client,
      sandbox: await sandbox,
      ...(browser ? { browser: pool } : {}),
    });
  }

  /** search → info → TOC → chapter 1; the text must hold the catalogue's paragraphs. */
  async function readThrough(site: BrowserDemoSite, driver: SourceDriver): Promise<void> {
    const book = site.books[0];
    assert.ok(book);
    const hit = (await driver.search(book.title)).find((r) => r.name === book.title);
    assert.ok(hit, 'search finds the book');
    const info = await driver.bookInfo(hit);
    const toc = await driver.toc(info);
    assert.equal(toc.length, site.chapterCount, 'the chapter list the script rendered');
    assert.equal(toc[1]?.title, catalogue.chapter(book.id, 1).title);
    const chapter = toc[1];
    assert.ok(chapter);
    const text = (await driver.content(chapter, { book: info })).text;
    for (const p of catalogue.chapter(book.id, 1).paragraphs.slice(0, 3)) {
      assert.ok(text.includes(p.trim()), `text has "${p.slice(0, 16)}…": ${text.slice(0, 120)}`);
    }
  }

  test('webView: the rendered HTML is the rules’ input (TOC and text filled in by script)', async () => {
    const driver = await driverFor(scripted, 'webView');
    assert.equal(driver.classification.tier, 'needs-browser');
    await readThrough(scripted, driver);
  });

  test('webJs: the script’s value in the page is the content', async () => {
    await readThrough(scripted, await driverFor(scripted, 'webJs'));
  });

  test('java.webView(null, url, js) from a content script', async () => {
    await readThrough(scripted, await driverFor(scripted, 'javaWebView'));
  });

  test('sourceRegex: the URL of the resource the page loads', async () => {
    await readThrough(scripted, await driverFor(scripted, 'sourceRegex'));
  });

  test('without the tier a webView step fails saying how to enable it', async () => {
    const driver = await driverFor(scripted, 'webView', false);
    const book = scripted.books[0];
    assert.ok(book);
    await assert.rejects(
      driver.toc({
        bookUrl: `${scripted.origin}/book/${book.id}`,
        tocUrl: `${scripted.origin}/toc/${book.id},{"webView":true}`,
      } as never),
      (e: Error & { code?: string; details?: Record<string, unknown> }) =>
        e.code === 'capability-missing' &&
        e.details?.['capability'] === 'webview' &&
        /LINHAI_CHROMIUM|apt install chromium/.test(e.message),
    );
  });

  test('script challenge: passed once in the browser, then plain requests carry its cookie', async () => {
    const driver = await driverFor(challenge, 'challenge');
    const before = challenge.requests.length;
    await readThrough(challenge, driver);
    const paths = challenge.requests.slice(before);
    // The search met the challenge: plain (challenge), the browser's fetch (challenge), the
    // browser's reload with the cookie its script set (page), plain again with that cookie (page).
    const searches = paths.filter((p) => p.startsWith('/search'));
    assert.equal(searches.length, 4, searches.join(', '));
    const later = paths.filter((p) => p.startsWith('/chapter/'));
    assert.equal(later.length, 1, `the chapter was fetched once, plainly: ${paths.join(', ')}`);
  });

  test('the same challenge without the tier is a bad page naming the remedy', async () => {
    const otherClient = createTestClient();
    try {
      const driver = createSourceDriver({
        source: sourceNamed(challenge, 'challenge'),
        fetcher: otherClient,
      });
      await assert.rejects(
        driver.search(challenge.books[0]?.title ?? ''),
        (e: Error & { code?: string }) =>
          e.code === 'bad-content' && /browser challenge/.test(e.message),
      );
    } finally {
      await otherClient.close();
    }
  });
});
