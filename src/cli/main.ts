import { Command, CommanderError } from 'commander';
import { createCliContext } from './context.ts';
import type { CliContext } from './context.ts';
import { exitCodeFor, exitCodes } from './exit-codes.ts';
import { terminalSafe } from './terminal-text.ts';
import { version } from './version.ts';

type Register = (program: Command, context: CliContext) => void;

/**
 * Every command, in the order `--help` lists them, each loaded only when it runs: a command's
 * module pulls in the layers it needs (SQLite, the sandbox, the server…), which `linhai --version`
 * or `linhai shelf` should not pay for.
 */
const commands: Record<string, () => Promise<Register>> = {
  serve: async () => (await import('./serve-command.ts')).registerServeCommand,
  worker: async () => (await import('./worker-command.ts')).registerWorkerCommand,
  migrate: async () => (await import('./migrate-command.ts')).registerMigrateCommand,
  chase: async () => (await import('./chase-command.ts')).registerChaseCommand,
  demo: async () => (await import('./demo-command.ts')).registerDemoCommand,
  search: async () => (await import('./search-command.ts')).registerSearchCommand,
  explore: async () => (await import('./explore-command.ts')).registerExploreCommand,
  add: async () => (await import('./add-command.ts')).registerAddCommand,
  shelf: async () => (await import('./shelf-command.ts')).registerShelfCommand,
  toc: async () => (await import('./toc-command.ts')).registerTocCommand,
  read: async () => (await import('./read-command.ts')).registerReadCommand,
  update: async () => (await import('./update-command.ts')).registerUpdateCommand,
  export: async () => (await import('./export-command.ts')).registerExportCommand,
  import: async () => (await import('./import-command.ts')).registerImportCommand,
  sources: async () => (await import('./sources-command.ts')).registerSourcesCommand,
  // Generated from the whole program, so it loads every other command (see `needed`).
  completion: async () => (await import('./completion-command.ts')).registerCompletionCommand,
};

/** The first word of `args` that is not an option (or the value of `-d/--data-dir`). */
function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-d' || arg === '--data-dir') i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/**
 * The commands to load for these arguments: the one named, none for a bare `--version`, and all
 * of them for help, completion or a word that is no command (commander then lists them all).
 */
function needed(args: readonly string[]): string[] {
  const word = commandWord(args);
  if (word !== undefined && word !== 'completion' && word in commands) return [word];
  if (word === undefined && (args.includes('-V') || args.includes('--version'))) return [];
  return Object.keys(commands);
}

/**
 * Builds the `linhai` program with the commands these arguments need (all of them by default).
 * Exported for tests, which run commands in-process.
 */
async function buildProgram(args: readonly string[] = ['--help']): Promise<Command> {
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
  const names = needed(args);
  const registers = await Promise.all(names.map((name) => commands[name]!()));
  for (const register of registers) register(program, context);
  for (const command of program.commands) command.exitOverride().showHelpAfterError();
  return program;
}

/** Runs the command line and exits with the code of the outcome (see exit-codes.ts). */
export async function main(argv: string[]): Promise<void> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
    // A command that finished with a partial result (export with gaps) has set its own code.
    process.exitCode ??= exitCodes.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander has already printed the message (or the help/version text).
      process.exitCode = error.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`linhai: ${terminalSafe(message)}\n`); // messages can quote source data
    process.exitCode = exitCodeFor(error);
  }
}
