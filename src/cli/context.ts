import { resolveDataDir } from './data-dir.ts';
import { terminalSafe } from './terminal-text.ts';

/** What every command handler gets from the program: output, the data folder and the version. */
export interface CliContext {
  readonly version: string;
  /** The data folder, resolved (and created) on first use from `--data-dir` / `LINHAI_DATA_DIR`. */
  dataDir(): string;
  /** Prints a line; control characters (from source data) are shown escaped, never sent raw. */
  out(line: string): void;
  err(line: string): void;
  /** Resolves on SIGINT or SIGTERM, so long-running commands can shut down cleanly. */
  untilStopped(): Promise<void>;
}

export function createCliContext(options: {
  version: string;
  dataDirFlag: () => string | undefined;
}): CliContext {
  let dataDir: string | undefined;
  return {
    version: options.version,
    dataDir: () => (dataDir ??= resolveDataDir(options.dataDirFlag())),
    out: (line) => process.stdout.write(`${terminalSafe(line)}\n`),
    err: (line) => process.stderr.write(`${terminalSafe(line)}\n`),
    untilStopped: () =>
      new Promise((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      }),
  };
}
