import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { CliContext } from './context.ts';

interface CommandShape {
  readonly path: string[];
  readonly subcommands: string[];
  readonly options: string[];
}

/** Every command of the program with its subcommands and long options, read from commander. */
function shapesOf(command: Command, path: string[] = []): CommandShape[] {
  const options = command.options.map((o) => o.long).filter((o): o is string => o !== undefined);
  const own: CommandShape = {
    path,
    subcommands: command.commands.map((c) => c.name()),
    options: [...options, '--help'],
  };
  return [own, ...command.commands.flatMap((c) => shapesOf(c, [...path, c.name()]))];
}

/** A bash completion function generated from the program (zsh loads it through bashcompinit). */
function bashScript(shapes: readonly CommandShape[]): string {
  const cases = shapes
    .map(
      (s) =>
        `    "${s.path.join(' ')}") words_here="${[...s.subcommands, ...s.options].join(' ')}" ;;`,
    )
    .join('\n');
  return `# linhai completion for bash (and zsh with bashcompinit). Install:
#   linhai completion bash > ~/.local/share/bash-completion/completions/linhai
_linhai() {
  local cur path="" w words_here i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  # The command path so far: the words before the cursor that are not options or their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in -*) continue ;; esac
    case " $(_linhai_words "$path") " in *" $w "*) path="\${path:+$path }$w" ;; esac
  done
  words_here="$(_linhai_words "$path")"
  COMPREPLY=( $(compgen -W "$words_here" -- "$cur") )
}
_linhai_words() {
  local words_here=""
  case "$1" in
${cases}
  esac
  echo "$words_here"
}
complete -F _linhai linhai
`;
}

/** fish completions: one line per subcommand and option. */
function fishScript(shapes: readonly CommandShape[]): string {
  const lines = [
    '# linhai completion for fish: linhai completion fish > ~/.config/fish/completions/linhai.fish',
  ];
  for (const shape of shapes) {
    const condition =
      shape.path.length === 0
        ? '__fish_use_subcommand'
        : `__fish_seen_subcommand_from ${shape.path[shape.path.length - 1]}`;
    for (const sub of shape.subcommands)
      lines.push(`complete -c linhai -n '${condition}' -f -a '${sub}'`);
    for (const option of shape.options)
      lines.push(`complete -c linhai -n '${condition}' -l '${option.slice(2)}'`);
  }
  return `${lines.join('\n')}\n`;
}

function parseShell(value: string): 'bash' | 'zsh' | 'fish' {
  if (value === 'bash' || value === 'zsh' || value === 'fish') return value;
  throw new InvalidArgumentError(`"${value}" is not a supported shell (bash, zsh, fish).`);
}

export function registerCompletionCommand(program: Command, context: CliContext): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish', parseShell)
    .action((shell: 'bash' | 'zsh' | 'fish') => {
      const shapes = shapesOf(program);
      if (shell === 'fish') return context.out(fishScript(shapes));
      const zsh = shell === 'zsh' ? 'autoload -U +X bashcompinit && bashcompinit\n' : '';
      context.out(`${zsh}${bashScript(shapes)}`);
    });
}
