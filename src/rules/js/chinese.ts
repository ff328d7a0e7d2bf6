/**
 * `java.t2s` / `java.s2t` (traditional ↔ simplified Chinese) with opencc-js. A converter costs
 * about 150 ms to build, so each is built on first use and shared by the process.
 */
import type * as OpenCC from 'opencc-js';
import { lazyRequire } from '#model';
import type { HostFunction } from './types.ts';
import { textOf } from './bytes.ts';

// 1.2 MB of dictionaries: loaded by the first script that converts, not with the rules layer.
const openCC = lazyRequire<typeof OpenCC>('opencc-js');

type Convert = (text: string) => string;
let toSimplified: Convert | undefined;
let toTraditional: Convert | undefined;

export function createChineseConverters(): Record<'t2s' | 's2t', HostFunction> {
  return {
    t2s: (text) => (toSimplified ??= openCC().Converter({ from: 't', to: 'cn' }))(textOf(text)),
    s2t: (text) => (toTraditional ??= openCC().Converter({ from: 'cn', to: 't' }))(textOf(text)),
  };
}
