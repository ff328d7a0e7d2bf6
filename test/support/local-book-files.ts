import JSZip from 'jszip';

/*
 * Books built by the tests as people's files are: TXT novels with a heading style, and EPUB 3
 * (nav document) and EPUB 2 (NCX) packages written the way common tools write them.
 */

/** The indent of a Chinese paragraph: two ideographic spaces. */
const INDENT = '\u3000\u3000';

/** A TXT novel: an optional front matter, then each heading and two paragraphs naming it. */
export function txtNovel(headings: readonly string[], frontMatter = ''): string {
  return (
    frontMatter +
    headings
      .map(
        (heading, i) =>
          `${heading}\r\n${INDENT}这是第${i + 1}章的第一段，山门外的风吹了一夜。\r\n${INDENT}本章的第二段（${i + 1}）。\r\n\r\n`,
      )
      .join('')
  );
}

export interface EpubChapter {
  readonly file: string;
  readonly title: string;
  readonly body: string;
}

const xhtml = (title: string, body: string) =>
  `<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>${title}</title><script>alert('x')</script><style>p{margin:0}</style></head>
<body>${body}</body>
</html>`;

/** An EPUB: version 3 has a nav document, version 2 an NCX; `spine: false` leaves it out. */
export async function epubFile(options: {
  version: 2 | 3;
  title: string;
  author: string;
  chapters: readonly EpubChapter[];
  /** Spine items the table of contents does not name (a cover page first, a continuation). */
  extraSpine?: ReadonlyArray<{ file: string; body: string; after?: string }>;
  spine?: boolean;
  /** Extra entries written into the zip as they are. */
  entries?: ReadonlyArray<{ name: string; data: string | Uint8Array }>;
}): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('mimetype', 'application/epub+zip', { compression: 'STORE' });
  zip.file(
    'META-INF/container.xml',
    `<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>`,
  );
  const extra = options.extraSpine ?? [];
  const items = [
    ...options.chapters.map((c) => ({ id: c.file.replace(/\W/g, '_'), href: `text/${c.file}` })),
    ...extra.map((e) => ({ id: e.file.replace(/\W/g, '_'), href: `text/${e.file}` })),
  ];
  const order: string[] = [];
  for (const e of extra.filter((x) => x.after === undefined)) order.push(e.file);
  for (const c of options.chapters) {
    order.push(c.file);
    for (const e of extra.filter((x) => x.after === c.file)) order.push(e.file);
  }
  for (const c of options.chapters) zip.file(`OEBPS/text/${c.file}`, xhtml(c.title, c.body));
  for (const e of extra) zip.file(`OEBPS/text/${e.file}`, xhtml('', e.body));
  const id = (file: string) => file.replace(/\W/g, '_');
  const navItem =
    options.version === 3
      ? '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
      : '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>';
  const spine =
    options.spine === false
      ? ''
      : `<spine${options.version === 2 ? ' toc="ncx"' : ''}>${order.map((f) => `<itemref idref="${id(f)}"/>`).join('')}</spine>`;
  zip.file(
    'OEBPS/content.opf',
    `<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="${options.version}.0" unique-identifier="uid">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
<dc:identifier id="uid">urn:uuid:0f7e3c39-4a9b-4f7e-9d0c-${options.version}00000000000</dc:identifier>
<dc:title>${options.title}</dc:title><dc:creator>${options.author}</dc:creator><dc:language>zh</dc:language>
<dc:description>&lt;p&gt;一本测试书。&lt;/p&gt;</dc:description>
</metadata>
<manifest>${navItem}${items.map((i) => `<item id="${i.id}" href="${i.href}" media-type="application/xhtml+xml"/>`).join('')}</manifest>
${spine}
</package>`,
  );
  if (options.version === 3) {
    zip.file(
      'OEBPS/nav.xhtml',
      xhtml(
        'toc',
        `<nav epub:type="toc"><ol>${options.chapters.map((c) => `<li><a href="text/${c.file}">${c.title}</a></li>`).join('')}</ol></nav>`,
      ),
    );
  } else {
    zip.file(
      'OEBPS/toc.ncx',
      `<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><head/><docTitle><text>${options.title}</text></docTitle><navMap>${options.chapters
        .map(
          (c, i) =>
            `<navPoint id="p${i}" playOrder="${i + 1}"><navLabel><text>${c.title}</text></navLabel><content src="text/${c.file}#top"/></navPoint>`,
        )
        .join('')}</navMap></ncx>`,
    );
  }
  for (const e of options.entries ?? []) zip.file(e.name, e.data);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
