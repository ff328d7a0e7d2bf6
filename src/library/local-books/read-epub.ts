import { posix } from 'node:path';
import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { LinhaiError } from '#model';
import { htmlToParagraphs } from '../cleaner/index.ts';
import { openZip } from './zip-entries.ts';
import type { ZipEntries } from './zip-entries.ts';

/** An EPUB's book: its metadata and chapters, the text cleaned to paragraphs. */
interface EpubBook {
  readonly title: string;
  readonly author: string;
  readonly intro: string | undefined;
  readonly chapters: ReadonlyArray<{
    readonly title: string;
    readonly paragraphs: readonly string[];
  }>;
  /** Where the titles came from: the EPUB 3 nav document, the EPUB 2 NCX, or neither. */
  readonly toc: 'nav' | 'ncx' | 'none';
}

/** The largest EPUB accepted. */
export const EPUB_MAX_BYTES = 100 * 1024 * 1024;

/**
 * Reads an EPUB 3 or EPUB 2: the package document named by META-INF/container.xml, chapters in
 * spine order (linear items), titles from the nav document (EPUB 3) or the NCX (EPUB 2). A spine
 * item the table of contents does not name continues the chapter before it (a chapter split over
 * files); one before the first named item is a chapter of its own, titled by its first heading,
 * unless it is the title page (first, showing the book's title, as Linhai's own export writes it). Items without text (a cover image)
 * make no chapter. Scripts, styles and markup never reach the
 * text: each paragraph is plain text (see htmlToParagraphs).
 */
export async function readEpub(bytes: Uint8Array, file: string): Promise<EpubBook> {
  if (bytes.byteLength > EPUB_MAX_BYTES) {
    throw new LinhaiError(
      'local-file-malformed',
      `${file} is ${bytes.byteLength} bytes; an EPUB of more than ${EPUB_MAX_BYTES} is not accepted`,
      { details: { file } },
    );
  }
  const zip = await openZip(bytes, file);
  const opfPath = await packagePath(zip, file);
  const opf = xml(await zip.text(opfPath), file, opfPath);
  const base = posix.dirname(opfPath);
  const manifest = new Map<string, { href: string; type: string; properties: string }>();
  for (const item of byName(opf, 'item')) {
    const id = item.attribs['id'];
    const href = item.attribs['href'];
    if (id && href) {
      manifest.set(id, {
        href: resolveHref(base, href),
        type: item.attribs['media-type'] ?? '',
        properties: item.attribs['properties'] ?? '',
      });
    }
  }
  const spineElement = byName(opf, 'spine')[0];
  const spine = byName(spineElement ? [spineElement] : [], 'itemref')
    .filter((ref) => ref.attribs['linear'] !== 'no')
    .map((ref) => manifest.get(ref.attribs['idref'] ?? ''))
    .filter((item) => item !== undefined && zip.has(item.href));
  if (spine.length === 0) {
    throw new LinhaiError(
      'local-file-malformed',
      `${file} has no spine (no reading order in ${opfPath}), so there is nothing to read; repair it with Calibre or Sigil ("Edit book") and import it again`,
      { details: { file } },
    );
  }
  const { titles, toc } = await tocTitles(zip, opf, manifest, spineElement, file);
  const meta = (name: string) => DomUtils.textContent(byName(opf, name)[0] ?? []).trim();
  const bookTitle = meta('dc:title') || posix.basename(file).replace(/\.epub$/i, '');
  const chapters: Array<{ title: string; paragraphs: string[] }> = [];
  let continued = false;
  for (const item of spine) {
    const page = (await zip.text(item!.href)) ?? '';
    const paragraphs = htmlToParagraphs(page);
    const named = titles.get(item!.href);
    const last = chapters.at(-1);
    // A title page (first, unnamed or named after the book, showing its title) is no chapter.
    const titlePage = !last && (named ?? bookTitle) === bookTitle && paragraphs.includes(bookTitle);
    if (titlePage && item !== spine.at(-1)) continue;
    if (named === undefined && last && continued) {
      last.paragraphs.push(...paragraphs);
      continue;
    }
    if (paragraphs.length === 0) continue;
    const title = named ?? firstHeading(page) ?? paragraphs[0]!.slice(0, 40);
    // A heading repeating the title is the title, not a paragraph.
    if (paragraphs[0] === title) paragraphs.shift();
    chapters.push({ title, paragraphs });
    continued = named !== undefined;
  }
  return {
    title: bookTitle,
    author: meta('dc:creator'),
    intro: htmlToParagraphs(meta('dc:description')).join('\n') || undefined,
    chapters,
    toc,
  };
}

async function packagePath(zip: ZipEntries, file: string): Promise<string> {
  const container = await zip.text('META-INF/container.xml');
  const path = container && byName(xml(container, file, 'container'), 'rootfile')[0];
  const fullPath = path ? path.attribs['full-path'] : undefined;
  if (fullPath === undefined || !zip.has(fullPath)) {
    throw new LinhaiError(
      'local-file-malformed',
      `${file} has no package document (META-INF/container.xml names none that exists); it is not an EPUB, or it is damaged — repair it with Calibre or Sigil and import it again`,
      { details: { file } },
    );
  }
  return fullPath;
}

/** Chapter titles by file (the first entry naming a file wins; fragments are ignored). */
async function tocTitles(
  zip: ZipEntries,
  opf: Element[],
  manifest: ReadonlyMap<string, { href: string; type: string; properties: string }>,
  spine: Element | undefined,
  file: string,
): Promise<{ titles: Map<string, string>; toc: EpubBook['toc'] }> {
  const titles = new Map<string, string>();
  const add = (base: string, href: string | undefined, title: string) => {
    const path = href && resolveHref(base, href.split('#')[0]!);
    const clean = title.replace(/\s+/g, ' ').trim();
    if (path && clean && !titles.has(path)) titles.set(path, clean);
  };
  const nav = [...manifest.values()].find((i) => i.properties.split(/\s+/).includes('nav'));
  const navText = nav && (await zip.text(nav.href));
  if (nav && navText) {
    const doc = xml(navText, file, nav.href);
    const tocNav =
      byName(doc, 'nav').find((n) => (n.attribs['epub:type'] ?? '').includes('toc')) ??
      byName(doc, 'nav')[0];
    for (const a of byName(tocNav ? [tocNav] : [], 'a')) {
      add(posix.dirname(nav.href), a.attribs['href'], DomUtils.textContent(a));
    }
    if (titles.size > 0) return { titles, toc: 'nav' };
  }
  const ncx =
    manifest.get(spine?.attribs['toc'] ?? '') ??
    [...manifest.values()].find((i) => i.type === 'application/x-dtbncx+xml');
  const ncxText = ncx && (await zip.text(ncx.href));
  if (ncx && ncxText) {
    for (const point of byName(xml(ncxText, file, ncx.href), 'navPoint')) {
      const label = DomUtils.findOne((e) => e.name === 'text', point.children, true);
      const content = DomUtils.findOne((e) => e.name === 'content', point.children, false);
      add(
        posix.dirname(ncx.href),
        content?.attribs['src'],
        label ? DomUtils.textContent(label) : '',
      );
    }
    if (titles.size > 0) return { titles, toc: 'ncx' };
  }
  return { titles, toc: 'none' };
}

function firstHeading(page: string): string | undefined {
  const heading = DomUtils.findOne(
    (e) => /^h[1-3]$/.test(e.name),
    parseDocument(page, { lowerCaseTags: true }).children,
    true,
  );
  const text = heading && DomUtils.textContent(heading).replace(/\s+/g, ' ').trim();
  return text || undefined;
}

/**
 * A manifest or TOC href as a path inside the zip: percent-decoded, resolved against the document
 * that names it. A path that climbs out of the zip's root names nothing (it is never read).
 */
function resolveHref(base: string, href: string): string {
  let decoded = href;
  try {
    decoded = decodeURIComponent(href);
  } catch {
    // A stray % is taken literally.
  }
  const path = posix.normalize(posix.join(base, decoded));
  return path.startsWith('../') || path === '..' ? '\0outside' : path.replace(/^\.\//, '');
}

function xml(text: string | undefined, file: string, part: string): Element[] {
  if (text === undefined) {
    throw new LinhaiError('local-file-malformed', `${file}: ${part} is missing from the EPUB`, {
      details: { file },
    });
  }
  // xmlMode keeps prefixes (dc:title, epub:type) and case (navPoint); no DTD entity is expanded.
  return parseDocument(text, { xmlMode: true }).children.filter(
    (n): n is Element => n.type === 'tag',
  );
}

function byName(roots: readonly Element[], name: string): Element[] {
  return DomUtils.findAll((e) => e.name === name, [...roots]);
}
