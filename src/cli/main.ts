import { Command, CommanderError } from 'commander';
import { createCliContext } from './context.ts';
import { exitCodeFor, exitCodes } from './exit-codes.ts';
import { registerServeCommand } from './serve-command.ts';
import { registerDemoCommand } from './demo-command.ts';
import { registerSearchCommand } from './search-command.ts';
import { registerAddCommand } from './add-command.ts';
import { registerShelfCommand } from './shelf-command.ts';
import { registerTocCommand } from './toc-command.ts';
import { registerReadCommand } from './read-command.ts';
import { registerUpdateCommand } from './update-command.ts';
import { registerExportCommand } from './export-command.ts';
import { registerSourcesCommand } from './sources-command.ts';
import { registerCompletionCommand } from './completion-command.ts';
import { registerWorkerCommand } from './worker-command.ts';
import { registerMigrateCommand } from './migrate-command.ts';
import { registerChaseCommand } from './chase-command.ts';
import { createHttpClient } from '#net';
import { createSandbox } from '#rules';
import { version } from './version.ts';

/** Builds the `linhai` program. Exported for tests, which run commands in-process. */
export function buildProgram(): Command {
  const program = new Command('linhai')
    .description('Linhai 临海: a self-hosted novel aggregator')
    .version(version, '-V, --version')
    .option('-d, --data-dir <dir>', 'where Linhai keeps its data (env LINHAI_DATA_DIR)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const context = createCliContext({
    version,
    dataDirFlag: () => program.opts<{ dataDir?: string }>().dataDir,
  });
  registerServeCommand(program, context);
  registerWorkerCommand(program, context);
  registerMigrateCommand(program, context);
  registerChaseCommand(program, context);
  registerDemoCommand(program, context);
  registerSearchCommand(program, context);
  registerAddCommand(program, context);
  registerShelfCommand(program, context);
  registerTocCommand(program, context);
  registerReadCommand(program, context);
  registerUpdateCommand(program, context);
  registerExportCommand(program, context);
  registerSourcesCommand(program, {
    dataDir: context.dataDir,
    out: context.out,
    err: context.err,
    createFetcher: () => createHttpClient({}),
    createSandbox: () => createSandbox(),
  });
  registerCompletionCommand(program, context);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the command line and exits with the code of the outcome (see exit-codes.ts). */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    process.exitCode = exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the message (or the help/version text).
      process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`linhai: ${message}\n`);
    process.exitCode = exitCodeFor(error);
  }
}
