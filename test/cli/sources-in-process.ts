/**
 * `linhai sources …` run in this process over a data folder, its output collected: the tests of
 * the sources subcommands share this instead of each building the CLI context.
 */
import { Command } from 'commander';
import { registerSourcesCommand } from '../../src/cli/sources-command.ts';
import type { CliContext } from '../../src/cli/context.ts';

export interface SourcesCli {
  /** Runs `linhai <args>` (args start with `sources`); output lines land in `out` and `err`. */
  run(args: string[]): Promise<void>;
  readonly out: string[];
  readonly err: string[];
}

export function sourcesCli(dataDir: string): SourcesCli {
  const out: string[] = [];
  const err: string[] = [];
  const context: CliContext = {
    version: 'test',
    dataDir: () => dataDir,
    out: (line) => void out.push(line),
    err: (line) => void err.push(line),
    untilStopped: () => new Promise(() => undefined),
  };
  return {
    out,
    err,
    async run(args) {
      const program = new Command('linhai').exitOverride();
      registerSourcesCommand(program, context);
      await program.parseAsync(['node', 'linhai', ...args]);
    },
  };
}
