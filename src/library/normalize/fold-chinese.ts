import type * as OpenCCModule from 'opencc-js/t2cn';
import type { DictGroup } from 'opencc-js/core';
import { lazyRequire } from '#model';

const openCC = lazyRequire<typeof OpenCCModule>('opencc-js/t2cn');

// Traditional → simplified folding for keys and matching, not for display. The opencc converter
// costs ~17 ms to build and ~5 µs per call, so it is built on first use and only called for
// strings that contain at least one character it would change: most titles are already
// simplified and skip it, which keeps aligning two 5,000-chapter TOCs well under 100 ms.

type Converter = (text: string) => string;

let loaded: { convert: Converter; chars: Set<number> } | undefined;

function load(): { convert: Converter; chars: Set<number> } {
  loaded ??= {
    convert: openCC().Converter({ from: 'tw', to: 'cn' }),
    chars: collectChangingChars(),
  };
  return loaded;
}

/**
 * Code points that the tw→cn chain maps to something else on their own. A string without any of
 * them is returned unchanged; phrase entries made only of simplified characters (梁→樑 and the
 * like) are ignored on purpose: they would make simplified text *less* simplified.
 */
function collectChangingChars(): Set<number> {
  // normalizationChain (CJK compatibility ideographs) exists at run time but not in the typings.
  const config = openCC().Locale.configs['tw2s'] as
    | { conversionChain: readonly DictGroup[]; normalizationChain?: readonly DictGroup[] }
    | undefined;
  const chars = new Set<number>();
  if (config === undefined) return chars;
  const dicts = [...(config.normalizationChain ?? []), ...config.conversionChain].flat();
  for (const dict of dicts) {
    const entries: readonly (readonly [string, string])[] =
      typeof dict === 'string'
        ? dict.split('|').map((line) => line.split(' ') as unknown as [string, string])
        : (dict as readonly (readonly [string, string])[]);
    for (const [from, to] of entries) {
      const cp = from.codePointAt(0);
      if (cp !== undefined && from.length === String.fromCodePoint(cp).length && from !== to) {
        chars.add(cp);
      }
    }
  }
  return chars;
}

/** Folds traditional Chinese (Taiwan/Hong Kong variants included) to simplified. */
export function foldChinese(text: string): string {
  const { convert, chars } = load();
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) i++;
    if (chars.has(cp)) return convert(text);
  }
  return text;
}
