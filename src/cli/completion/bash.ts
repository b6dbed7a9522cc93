/**
 * The bash completion script: tables generated from the command tree (completionModel), and a small
 * fixed function that walks the words typed so far to find the subcommand path, skipping options and
 * the values of options that take one. Load with `source <(eks-cidr completion bash)`.
 */
import { type CompletionCommand, quote } from './model.js';

const key = (c: CompletionCommand) => quote(c.path.join(' '));

function cases(model: CompletionCommand[], body: (c: CompletionCommand) => string): string {
  return model.map((c) => `    ${key(c)}) ${body(c)} ;;`).join('\n');
}

export function bashScript(model: CompletionCommand[], bin = 'eks-cidr'): string {
  const fn = `_${bin.replace(/[^A-Za-z0-9]/g, '_')}`;
  const words = (list: string[]) => quote(list.join(' '));
  const valueCases = model
    .flatMap((c) =>
      c.options
        .filter((o) => o.takesValue)
        .flatMap((o) =>
          o.flags.map(
            (flag) =>
              `    ${quote(`${c.path.join(' ')}|${flag}`)}) echo ${o.choices.length > 0 ? quote(`choices ${o.choices.join(' ')}`) : o.path ? 'path' : 'value'} ;;`,
          ),
        ),
    )
    .join('\n');
  return `# ${bin} completion for bash, generated from its command tree by '${bin} completion bash'.
# Load it now:      source <(${bin} completion bash)
# Or for every shell: ${bin} completion bash > ~/.local/share/bash-completion/completions/${bin}

${fn}_commands() {
  case "$1" in
${cases(model, (c) => `echo ${words(c.subcommands.map((s) => s.name))}`)}
  esac
}

${fn}_options() {
  case "$1" in
${cases(model, (c) => `echo ${words(c.options.flatMap((o) => o.flags))}`)}
  esac
}

# What follows an option in the path "$1": 'choices a b', 'path', 'value'; nothing for a switch.
${fn}_value() {
  case "$1|$2" in
${valueCases}
  esac
}

${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" path="" word kind i skip=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    # bash splits --output=json at '=': the value after it is skipped like a separate one.
    if [[ "$word" == "=" ]]; then skip=1; continue; fi
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      -*) [[ -n "$(${fn}_value "$path" "$word")" ]] && skip=1 ;;
      *) [[ " $(${fn}_commands "$path") " == *" $word "* ]] && path="\${path:+$path }$word" ;;
    esac
  done
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  [[ "$cur" == "=" ]] && cur=""
  [[ "$prev" == "=" ]] && prev="\${COMP_WORDS[COMP_CWORD-2]}"
  if ((COMP_CWORD > 1)) && [[ "$prev" == -* ]]; then
    kind="$(${fn}_value "$path" "$prev")"
    case "$kind" in
      choices*) COMPREPLY=($(compgen -W "\${kind#choices }" -- "$cur")); return ;;
      path) COMPREPLY=($(compgen -f -- "$cur")); return ;;
      value) COMPREPLY=(); return ;;
    esac
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(${fn}_options "$path")" -- "$cur"))
  else
    COMPREPLY=($(compgen -W "$(${fn}_commands "$path")" -- "$cur"))
  fi
}

complete -F ${fn} ${bin}
`;
}
