// Passes node:test's TAP output through line by line and collects what was skipped and why.
// node:test counts a skipped suite in neither "# skipped" nor "# tests", so the `# SKIP` marks
// themselves are counted. The closing summary ("# tests …" to the end) is held back, so that a
// line about the skips can be printed before it and the runner's own summary still closes the run.
import { createInterface } from 'node:readline';

/**
 * @param {import('node:stream').Readable} input the test runner's stdout
 * @param {(line: string) => void} print
 * @returns {Promise<{ skipped: Map<string, number>, summary: string[] }>} skip reasons with
 *   their counts, and the held-back summary lines
 */
export async function watchSkips(input, print) {
  const skipped = new Map();
  const summary = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    const mark = /^\s*ok \d+ - .* # SKIP(?: (.*))?$/.exec(line);
    if (mark) {
      const reason = mark[1]?.trim() || '(no reason given)';
      skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
    }
    if (summary.length > 0 || /^# tests \d+$/.test(line)) summary.push(line);
    else print(line);
  }
  return { skipped, summary };
}
