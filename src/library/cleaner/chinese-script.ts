/**
 * Simplified ↔ traditional display conversion (a per-user setting) with opencc-js. Converters
 * are built lazily and kept: the first build loads dictionaries (about 150–500 ms), each chapter
 * then takes well under a millisecond (stack.md §2.9).
 */
import type * as OpenCCModule from 'opencc-js';
import { lazyRequire } from '#model';

// 1.2 MB of dictionaries: loaded by the first conversion, not by every command that reads.
const openCC = lazyRequire<typeof OpenCCModule>('opencc-js');

/**
 * `original` leaves the text alone; `traditional` is OpenCC's standard form, `taiwan` adds Taiwan
 * phrases (软件 → 軟體), `hongkong` Hong Kong forms; `simplified` reads any of them back.
 */
export type ScriptVariant = 'original' | 'simplified' | 'traditional' | 'taiwan' | 'hongkong';

export const scriptVariants: readonly ScriptVariant[] = [
  'original',
  'simplified',
  'traditional',
  'taiwan',
  'hongkong',
];

type Convert = (text: string) => string;

const locales = {
  simplified: { from: 'twp', to: 'cn' },
  traditional: { from: 'cn', to: 't' },
  taiwan: { from: 'cn', to: 'twp' },
  hongkong: { from: 'cn', to: 'hk' },
} as const;

const built = new Map<ScriptVariant, Convert>();

function converter(variant: Exclude<ScriptVariant, 'original'>): Convert {
  const known = built.get(variant);
  if (known !== undefined) return known;
  const convert: Convert = openCC().Converter(locales[variant]);
  built.set(variant, convert);
  return convert;
}

/** The paragraphs in the reader's chosen script. Example: `toScript(['软件'], 'taiwan')` → `['軟體']`. */
export function toScript(paragraphs: readonly string[], variant: ScriptVariant): string[] {
  if (variant === 'original') return [...paragraphs];
  const convert = converter(variant);
  // One call over the joined text: the converter's per-call cost dominates short lines.
  return convert(paragraphs.join('\n')).split('\n');
}
