import type { EpubChapterEntry } from './epub-documents.ts';
import type { ExportBook } from './types.ts';
import { escapeXml } from './xml-text.ts';

interface PackageParts {
  readonly book: ExportBook;
  readonly uuid: string;
  readonly chapters: readonly EpubChapterEntry[];
  /** Cover image path inside OEBPS/ with its media type, when the book has a cover. */
  readonly cover?: { readonly href: string; readonly mediaType: string };
  readonly modifiedAt: Date;
}

/** EPUB requires dcterms:modified as CCYY-MM-DDThh:mm:ssZ, without fractions of a second. */
function epubDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The package document (content.opf): metadata, manifest and reading order. */
export function contentOpf(parts: PackageParts): string {
  const { book, uuid, chapters, cover } = parts;
  const lines: string[] = [];
  const item = (id: string, href: string, type: string, properties?: string) =>
    lines.push(
      `<item id="${id}" href="${escapeXml(href)}" media-type="${type}"${properties ? ` properties="${properties}"` : ''}/>`,
    );
  item('nav', 'nav.xhtml', 'application/xhtml+xml', 'nav');
  item('ncx', 'toc.ncx', 'application/x-dtbncx+xml');
  item('style', 'style.css', 'text/css');
  if (cover) item('cover-image', cover.href, cover.mediaType, 'cover-image');
  item('title-page', 'text/title.xhtml', 'application/xhtml+xml');
  for (const chapter of chapters) item(chapter.id, chapter.href, 'application/xhtml+xml');

  // The title page carries the cover: one page before the chapters, cover or not.
  const spine = ['title-page', ...chapters.map((c) => c.id)].map(
    (id) => `<itemref idref="${id}"/>`,
  );

  const description = book.intro?.trim()
    ? `<dc:description>${escapeXml(book.intro.trim())}</dc:description>\n`
    : '';
  const sources = book.sources.map((s) => `<dc:source>${escapeXml(s)}</dc:source>\n`).join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="book-id" xml:lang="${escapeXml(book.language)}">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="book-id">urn:uuid:${uuid}</dc:identifier>
<dc:title>${escapeXml(book.title)}</dc:title>
<dc:creator>${escapeXml(book.author)}</dc:creator>
<dc:language>${escapeXml(book.language)}</dc:language>
${description}${sources}<dc:publisher>Linhai</dc:publisher>
<meta property="dcterms:modified">${epubDate(parts.modifiedAt)}</meta>
${cover ? '<meta name="cover" content="cover-image"/>\n' : ''}</metadata>
<manifest>
${lines.join('\n')}
</manifest>
<spine toc="ncx">
${spine.join('\n')}
</spine>
</package>
`;
}
