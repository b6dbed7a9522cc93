/**
 * What shell completion offers, read from the commander command tree itself, so that a new command or
 * option is completed the moment it is registered and the scripts never go stale. Hidden options
 * (test knobs) are left out, as help leaves them out.
 */
import type { Command, Option } from 'commander';

export interface CompletionOption {
  /** `--cluster`, and `-o` when the option has a short flag. */
  flags: string[];
  long: string | undefined;
  short: string | undefined;
  description: string;
  takesValue: boolean;
  /** Allowed values (commander `.choices()`), completed after the option. */
  choices: string[];
  /** The value is a file or directory path. */
  path: boolean;
}

export interface CompletionCommand {
  /** Subcommand names from the root: [] for `eks-cidr`, ['sandbox', 'up'] for `eks-cidr sandbox up`. */
  path: string[];
  description: string;
  subcommands: { name: string; description: string }[];
  /** The command's own options and the global ones, as its help lists them. */
  options: CompletionOption[];
}

function toOption(option: Option): CompletionOption {
  const takesValue = option.required || option.optional;
  return {
    flags: [option.long, option.short].filter((f): f is string => f !== undefined),
    long: option.long,
    short: option.short,
    description: option.description,
    takesValue,
    choices: option.argChoices ? [...option.argChoices] : [],
    path: takesValue && /<(file|path|dir)\b/.test(option.flags),
  };
}

/** Every command of the tree, depth first, the root first. */
export function completionModel(program: Command): CompletionCommand[] {
  const out: CompletionCommand[] = [];
  const visit = (cmd: Command, path: string[]) => {
    const help = cmd.createHelp();
    const seen = new Set<string>();
    const options = [...help.visibleOptions(cmd), ...help.visibleGlobalOptions(cmd)]
      .map(toOption)
      .filter((o) => {
        const key = o.flags.join(' ');
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
    const subs = help.visibleCommands(cmd);
    out.push({
      path,
      description: cmd.description(),
      subcommands: subs.map((s) => ({ name: s.name(), description: s.description() })),
      options,
    });
    for (const sub of subs) visit(sub, [...path, sub.name()]);
  };
  visit(program, []);
  return out;
}

/** A description on one line, without characters the scripts would have to escape differently. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Single-quoted for bash, zsh and fish alike (' closes, \' inserts a quote, ' reopens). */
export function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
