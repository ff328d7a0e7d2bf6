import { locale, t } from './index.ts';
import type { MessageKey } from './index.ts';

/**
 * The server's forms of a chase reason (src/library/chase/chase-scheduler.ts), in English: each
 * maps to a message, its number (if any) carried over. Ids of other listings are dropped, since
 * the reader cannot see them.
 */
const forms: ReadonlyArray<readonly [RegExp, MessageKey]> = [
  [/^about ([\d.]+) chapters a day$/, 'chase.rate'],
  [/^backoff after (\d+) failed checks$/, 'chase.backoff'],
  [/^finished: checked rarely$/, 'chase.finished'],
  [/^quiet for a long time: checked rarely$/, 'chase.quiet'],
  [/^first check$/, 'chase.first'],
  [/^confirm\b/, 'chase.confirm'],
  [/^took over from failing\b/, 'chase.takeOver'],
  [/^host \S+ at its hourly budget$/, 'chase.hostBudget'],
];

/**
 * Why the chase checks a source when it does, in the interface's language. A form this app does
 * not know is shown as the server wrote it in English, and left out in Chinese rather than mixing
 * the two languages.
 */
export function chaseReason(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  for (const [pattern, key] of forms) {
    const match = pattern.exec(reason);
    if (match) return t(key, { n: match[1] ?? '' });
  }
  return locale.value === 'en' ? reason : undefined;
}
