import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const jar = '/usr/share/java/epubcheck.jar';

/**
 * Why EPUBCheck cannot run here, or undefined when it can. CI installs Debian's `epubcheck`
 * (see .ci/run), so there a missing validator is a failure, not a skip.
 */
export function epubcheckUnavailable(): string | undefined {
  if (existsSync(jar)) return undefined;
  if (process.env.CI) throw new Error(`${jar} is missing: .ci/run must install Debian's epubcheck`);
  return `EPUBCheck is not installed (apt-get install epubcheck); EPUB validation skipped`;
}

export interface EpubcheckResult {
  readonly ok: boolean;
  readonly messages: string;
}

/** Runs Debian's EPUBCheck (`java -jar`, as its /usr/bin wrapper fails) on one file. */
export function epubcheck(file: string): EpubcheckResult {
  const run = spawnSync('java', ['-jar', jar, '--failonwarnings', file], { encoding: 'utf8' });
  return { ok: run.status === 0, messages: `${run.stdout}\n${run.stderr}` };
}
