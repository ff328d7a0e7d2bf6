/**
 * `java.t2s` / `java.s2t` (traditional ↔ simplified Chinese) with opencc-js. A converter costs
 * about 150 ms to build, so each is built on first use and shared by the process.
 */
import { Converter } from 'opencc-js';
import type { HostFunction } from './types.ts';
import { textOf } from './bytes.ts';

type Convert = (text: string) => string;
let toSimplified: Convert | undefined;
let toTraditional: Convert | undefined;

export function createChineseConverters(): Record<'t2s' | 's2t', HostFunction> {
  return {
    t2s: (text) => (toSimplified ??= Converter({ from: 't', to: 'cn' }))(textOf(text)),
    s2t: (text) => (toTraditional ??= Converter({ from: 'cn', to: 't' }))(textOf(text)),
  };
}
