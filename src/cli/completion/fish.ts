/**
 * The fish completion script: one `complete` line per command and option, generated from the command
 * tree, each guarded by the subcommand path typed so far. Load with `eks-cidr completion fish | source`
 * or save it as ~/.config/fish/completions/eks-cidr.fish.
 */
import { type CompletionCommand, oneLine, quote } from './model.js';

export function fishScript(model: CompletionCommand[], bin = 'eks-cidr'): string {
  const fn = `__${bin.replace(/[^A-Za-z0-9]/g, '_')}`;
  const guard = (c: CompletionCommand) => `-n ${quote(`${fn}_path_is ${quote(c.path.join(' '))}`)}`;
  const valueCases = model.flatMap((c) =>
    c.options
      .filter((o) => o.takesValue)
      .flatMap((o) => o.flags.map((flag) => quote(`${c.path.join(' ')}|${flag}`))),
  );
  const subcommandCases = model.flatMap((c) =>
    c.subcommands.map((s) => quote(`${c.path.join(' ')}|${s.name}`)),
  );
  const lines: string[] = [];
  for (const c of model) {
    for (const s of c.subcommands)
      lines.push(`complete -c ${bin} ${guard(c)} -a ${quote(s.name)} -d ${quote(oneLine(s.description))}`);
    for (const o of c.options) {
      const names = [
        o.long ? `-l ${o.long.replace(/^--/, '')}` : '',
        o.short ? `-s ${o.short.replace(/^-/, '')}` : '',
      ]
        .filter(Boolean)
        .join(' ');
      const value = !o.takesValue
        ? ''
        : o.choices.length > 0
          ? ` -x -a ${quote(o.choices.join(' '))}`
          : o.path
            ? ' -r -F'
            : ' -x';
      lines.push(`complete -c ${bin} ${guard(c)} ${names}${value} -d ${quote(oneLine(o.description))}`);
    }
  }
  return `# ${bin} completion for fish, generated from its command tree by '${bin} completion fish'.
# Load it now:  ${bin} completion fish | source
# Or save it:   ${bin} completion fish > ~/.config/fish/completions/${bin}.fish

function ${fn}_takes_value --argument-names path word
    switch "$path|$word"
        case ${valueCases.join(' ')}
            return 0
    end
    return 1
end

function ${fn}_is_subcommand --argument-names path word
    switch "$path|$word"
        case ${subcommandCases.join(' ')}
            return 0
    end
    return 1
end

# True when the subcommands typed so far (options and their values skipped) are exactly $argv[1].
function ${fn}_path_is
    set -l path ''
    set -l skip 0
    set -l words (commandline -opc)
    set -e words[1]
    for word in $words
        if test $skip = 1
            set skip 0
            continue
        end
        switch $word
            case '-*=*'
            case '-*'
                ${fn}_takes_value "$path" $word; and set skip 1
            case '*'
                if ${fn}_is_subcommand "$path" $word
                    set path (string trim -- "$path $word")
                end
        end
    end
    test "$path" = "$argv[1]"
end

complete -c ${bin} -f
${lines.join('\n')}
`;
}
