/*
 * Values that come from book sources or the server as codes or in the sites' own Chinese —
 * "连载中", "120万字", the tier `full`, the level `A` — shown in the UI's language.
 */
import { en } from './en.ts';
import { locale, t } from './index.ts';
import type { MessageKey } from './index.ts';

/** A book's status as sites write it: 连载 / 连载中 / ongoing → ongoing; 完结 / 完本 / 已完结 / 完成 / completed → completed. */
export function bookStatus(raw: string): string {
  const text = raw.trim().toLowerCase();
  if (/^(连载|連載|连载中|連載中|ongoing|serializ)/u.test(text)) return t('book.state.ongoing');
  if (/^(完结|完結|已完结|已完結|完本|完成|已完成|completed?|finished)/u.test(text))
    return t('book.state.completed');
  return raw;
}

/**
 * A word count as sites write it, in the UI's language: "120万字" / "1200000" / "3.5万" →
 * 120万字 in Chinese, "1.2M characters" in English. Text that is no count comes back as it is.
 */
export function wordCount(raw: string, language: string = locale.value): string {
  const match = /^\s*([\d.,]+)\s*(万|萬|千|k|w)?\s*(字|words?|characters?)?\s*$/iu.exec(raw);
  if (!match) return raw;
  const value = Number(match[1]!.replace(/,/g, ''));
  if (!Number.isFinite(value)) return raw;
  const unit = match[2]?.toLowerCase();
  const chars = value * (unit === '万' || unit === '萬' || unit === 'w' ? 1e4 : unit ? 1e3 : 1);
  if (language.startsWith('zh'))
    return chars >= 1e4 ? `${trim(chars / 1e4)}万字` : `${Math.round(chars)}字`;
  const short =
    chars >= 1e6 ? `${trim(chars / 1e6)}M` : chars >= 1e3 ? `${trim(chars / 1e3)}K` : `${chars}`;
  return t('book.characters', { n: short });
}

const trim = (n: number) => String(Math.round(n * 10) / 10);

/** A source's capability tier (src/sources/classify.ts) in words. */
export const tierName = (tier: string) => known(`sources.tierName.${tier}`, tier);

/** A source's engine level (A pure rules … D needs a browser) in words. */
export const levelName = (level: string) => known(`sources.levelName.${level}`, level);

/** A learned boilerplate line's status in words. */
export const boilerplateStatus = (status: string) =>
  known(`sources.boilerplateStatus.${status}`, status);

/** The message for a code, or the code itself when this version does not know it. */
function known(key: string, fallback: string): string {
  return key in en ? t(key as MessageKey) : fallback;
}
