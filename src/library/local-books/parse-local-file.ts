import { LinhaiError } from '#model';
import type { LocalBookFormat } from '#model';
import { decodeText } from './decode-text.ts';
import { readEpub } from './read-epub.ts';
import { splitTxt } from './split-txt.ts';

/** A local file read into a book: what the import stores. */
export interface ParsedLocalBook {
  readonly format: LocalBookFormat;
  readonly title: string;
  readonly author: string;
  readonly intro: string | undefined;
  readonly chapters: ReadonlyArray<{
    readonly title: string;
    readonly paragraphs: readonly string[];
  }>;
  /** TXT: the encoding it was read with, the decoded text (kept for a re-split) and the rule. */
  readonly encoding?: string;
  readonly text?: string;
  readonly rule?: { readonly id: number; readonly name: string } | undefined;
}

/** The largest TXT accepted (a very long web novel is 30–60 MB in UTF-8). */
export const TXT_MAX_BYTES = 100 * 1024 * 1024;

// Files people try that are books but not TXT or EPUB, by their first bytes.
const OTHER_FORMATS: ReadonlyArray<{ name: string; test: (b: Uint8Array) => boolean }> = [
  { name: 'PDF', test: (b) => ascii(b, 0, 5) === '%PDF-' },
  { name: 'MOBI/AZW', test: (b) => ascii(b, 60, 8) === 'BOOKMOBI' },
  { name: 'RAR', test: (b) => ascii(b, 0, 4) === 'Rar!' },
  { name: '7z', test: (b) => ascii(b, 0, 2) === '7z' && b[2] === 0xbc },
  { name: 'Word (.doc)', test: (b) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 },
  { name: 'an image', test: (b) => (b[0] === 0xff && b[1] === 0xd8) || ascii(b, 1, 3) === 'PNG' },
];

/**
 * Reads an uploaded file as a book: an EPUB (a zip, or named .epub) from its spine; anything else
 * that is text as a TXT, decoded and split into chapters (`ruleId` picks the table-of-contents
 * rule, otherwise the best-fitting one is chosen). Other formats fail with what to do instead.
 */
export async function parseLocalFile(input: {
  readonly fileName: string;
  readonly bytes: Uint8Array;
  readonly ruleId?: number | undefined;
}): Promise<ParsedLocalBook> {
  const { fileName, bytes } = input;
  const extension = /\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1]?.toLowerCase();
  const isZip = ascii(bytes, 0, 4) === 'PK\u0003\u0004';
  if (extension === 'epub' || (isZip && extension !== 'txt')) {
    const book = await readEpub(bytes, fileName);
    return { format: 'epub', ...book };
  }
  const other = OTHER_FORMATS.find((f) => f.test(bytes));
  if (other || isZip || (extension !== undefined && !TEXT_EXTENSIONS.has(extension))) {
    throw new LinhaiError(
      'local-file-unsupported',
      `${fileName} is ${other ? `a ${other.name} file` : isZip ? 'a zip but no EPUB' : `a .${extension} file`}; Linhai imports TXT and EPUB — convert it (Calibre: Convert books → EPUB) and import the EPUB`,
      { details: { file: fileName, kind: other?.name ?? extension } },
    );
  }
  if (bytes.byteLength > TXT_MAX_BYTES) {
    throw new LinhaiError(
      'local-file-unsupported',
      `${fileName} is ${bytes.byteLength} bytes; a TXT of more than ${TXT_MAX_BYTES} is not accepted — split it into volumes and import each`,
      { details: { file: fileName } },
    );
  }
  const { text, encoding } = decodeText(bytes);
  const split = splitTxt(text, input.ruleId === undefined ? {} : { ruleId: input.ruleId });
  const { title, author } = titleOfFileName(fileName);
  return {
    format: 'txt',
    title,
    author,
    intro: undefined,
    chapters: split.chapters,
    encoding,
    text,
    rule: split.rule && { id: split.rule.id, name: split.rule.name },
  };
}

const TEXT_EXTENSIONS = new Set(['txt', 'text', 'md']);

/**
 * Title and author from a file name, as Chinese TXT files are usually named:
 * "《诡秘之主》作者：爱潜水的乌贼.txt" → 诡秘之主 / 爱潜水的乌贼; "斗破苍穹.txt" → 斗破苍穹 / "".
 */
export function titleOfFileName(fileName: string): { title: string; author: string } {
  const base = (fileName.split(/[/\\]/).at(-1) ?? fileName).replace(/\.[a-z0-9]{1,5}$/i, '').trim();
  const match = /^《?(.+?)》?\s*[（(]?\s*(?:作者|著者|by)\s*[:：]?\s*([^)）]+?)\s*[)）]?$/i.exec(
    base,
  );
  if (match) return { title: match[1]!.trim(), author: match[2]!.trim() };
  return { title: base.replace(/^《(.+)》$/, '$1') || fileName, author: '' };
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}
