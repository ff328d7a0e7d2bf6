import type { ExportBook, ExportChapter } from './types.ts';
import { escapeXml } from './xml-text.ts';

/** One chapter as the EPUB stores it: its file name and its place in the reading order. */
export interface EpubChapterEntry {
  readonly id: string;
  readonly href: string;
  readonly title: string;
  readonly volume?: string;
}

const xhtmlHead = (language: string, title: string) => `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${escapeXml(language)}" lang="${escapeXml(language)}">
<head>
<meta charset="utf-8"/>
<title>${escapeXml(title)}</title>
<link rel="stylesheet" type="text/css" href="../style.css"/>
</head>
`;

export const containerXml = `<?xml version="1.0" encoding="utf-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
`;

export function chapterXhtml(book: ExportBook, chapter: ExportChapter): string {
  const volume = chapter.volume ? `<h2 class="volume">${escapeXml(chapter.volume)}</h2>\n` : '';
  const paragraphs = chapter.paragraphs.map((p) => `<p>${escapeXml(p)}</p>`).join('\n');
  return `${xhtmlHead(book.language, chapter.title)}<body>
<section epub:type="chapter">
${volume}<h1>${escapeXml(chapter.title)}</h1>
${paragraphs}
</section>
</body>
</html>
`;
}

/**
 * The first page: the cover image when the book has one, then title, author, intro and sources.
 * The cover is on this page rather than a page of its own so that every Linhai EPUB has exactly
 * one page before the chapters: KOReader's synced positions count spine items (see
 * src/server/kosync/xpointer.ts), and a book that gains a cover must not shift them.
 */
export function titlePageXhtml(book: ExportBook, coverHref?: string): string {
  const intro = (book.intro ?? '')
    .split(/\n+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeXml(line)}</p>`)
    .join('\n');
  const sources = book.sources.length
    ? `<p class="sources">${escapeXml(`Sources: ${book.sources.join(', ')}`)}</p>`
    : '';
  const cover = coverHref
    ? `<div class="cover-image" epub:type="cover"><img class="cover" src="../${escapeXml(coverHref)}" alt="${escapeXml(book.title)}"/></div>\n`
    : '';
  return `${xhtmlHead(book.language, book.title)}<body>
<section class="title-page${coverHref ? ' with-cover' : ''}" epub:type="titlepage">
${cover}<h1>${escapeXml(book.title)}</h1>
<p class="author">${escapeXml(book.author)}</p>
<div class="intro">
${intro}
</div>
${sources}
</section>
</body>
</html>
`;
}

export function navXhtml(book: ExportBook, chapters: readonly EpubChapterEntry[]): string {
  const items = chapters
    .map((c) => `<li><a href="${escapeXml(c.href)}">${escapeXml(c.title)}</a></li>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="${escapeXml(book.language)}" lang="${escapeXml(book.language)}">
<head><meta charset="utf-8"/><title>${escapeXml(book.title)}</title></head>
<body>
<nav epub:type="toc" id="toc">
<h1>${escapeXml(book.title)}</h1>
<ol>
<li><a href="text/title.xhtml">${escapeXml(book.title)}</a></li>
${items}
</ol>
</nav>
</body>
</html>
`;
}

export function tocNcx(
  book: ExportBook,
  uuid: string,
  chapters: readonly EpubChapterEntry[],
): string {
  const points = [{ id: 'title', href: 'text/title.xhtml', title: book.title }, ...chapters]
    .map(
      (c, i) =>
        `<navPoint id="np-${c.id}" playOrder="${i + 1}"><navLabel><text>${escapeXml(c.title)}</text></navLabel><content src="${escapeXml(c.href)}"/></navPoint>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1" xml:lang="${escapeXml(book.language)}">
<head>
<meta name="dtb:uid" content="urn:uuid:${uuid}"/>
<meta name="dtb:depth" content="1"/>
<meta name="dtb:totalPageCount" content="0"/>
<meta name="dtb:maxPageNumber" content="0"/>
</head>
<docTitle><text>${escapeXml(book.title)}</text></docTitle>
<docAuthor><text>${escapeXml(book.author)}</text></docAuthor>
<navMap>
${points}
</navMap>
</ncx>
`;
}
