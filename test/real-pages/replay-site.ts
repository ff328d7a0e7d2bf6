/**
 * A real site replayed from 127.0.0.1: each saved page at its original path, in the charset the
 * page declares (GBK pages as GBK bytes), with the site's own absolute links pointing back here
 * (the site is this server now). Every other path is a 404, as a missing page would be.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { sharedData } from '../support/outside-material.ts';
import type { RealSite } from './corpus.ts';

export interface ReplaySite {
  readonly origin: string;
  /** Paths asked for, in order (robots.txt included). */
  readonly requests: readonly string[];
  close(): Promise<void>;
}

/** The charset a saved page declares in its `<meta>` (the saving projects kept it as UTF-8 text). */
function declaredCharset(html: string): string {
  const meta = /<meta[^>]+charset=["']?([\w-]+)/i.exec(html);
  return (meta?.[1] ?? 'utf-8').toLowerCase();
}

/** Every absolute URL of the site's domain (www., m., img. …, any scheme) made local. */
function localise(text: string, domain: string, origin: string): string {
  const escaped = domain.replace(/\./g, '\\.');
  return text.replace(
    new RegExp(`(?:https?:)?//(?:[\\w-]+\\.)*${escaped}(?=[/"'\\s<]|$)`, 'g'),
    origin,
  );
}

export async function startReplaySite(site: RealSite): Promise<ReplaySite> {
  const requests: string[] = [];
  let origin = '';
  const pages = new Map(
    site.pages.map((page) => [page.path, readFileSync(sharedData(page.file), 'utf8')]),
  );
  const server = createServer((req, res) => {
    const path = req.url ?? '/';
    requests.push(path);
    const html = pages.get(path);
    if (html === undefined) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>404</h1>');
      return;
    }
    const charset = declaredCharset(html);
    const body = iconv.encode(localise(html, site.domain, origin), charset);
    res.writeHead(200, { 'content-type': `text/html; charset=${charset}` }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
