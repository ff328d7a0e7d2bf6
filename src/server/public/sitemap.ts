/** `robots.txt` and `sitemap.xml` from what the instance makes public, and nothing else. */
import type { BookRecord } from '#library';
import { escapeHtml } from './page-layout.ts';

/** With public reading off the whole site is closed to crawlers. */
export function robotsTxt(origin: string, publicReading: boolean): string {
  if (!publicReading) return 'User-agent: *\nDisallow: /\n';
  return [
    'User-agent: *',
    // The app, its API and the e-reader endpoints are for signed-in readers only.
    'Disallow: /api/',
    'Disallow: /opds',
    'Disallow: /kosync',
    'Disallow: /read/',
    'Disallow: /search',
    'Allow: /',
    '',
    `Sitemap: ${origin}/sitemap.xml`,
    '',
  ].join('\n');
}

/** The home page, the rankings and every public book (50,000 URLs at most, as the protocol says). */
export function sitemapXml(origin: string, books: readonly BookRecord[]): string {
  const url = (path: string, modified?: number) =>
    `<url><loc>${escapeHtml(`${origin}${path}`)}</loc>${
      modified === undefined ? '' : `<lastmod>${new Date(modified).toISOString()}</lastmod>`
    }</url>`;
  const urls = [
    url('/'),
    url('/list/latest'),
    url('/list/popular'),
    url('/list/newest'),
    ...books.slice(0, 49_996).map((b) => url(`/book/${b.id}`, b.updatedAt)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}\n</urlset>\n`;
}
