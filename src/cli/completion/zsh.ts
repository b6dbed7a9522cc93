/**
 * The zsh completion script: the same tables as bash (generated from the command tree), offered with
 * descriptions through `_describe`. Load with `source <(eks-cidr completion zsh)` after compinit, or
 * save it as `_eks-cidr` in a directory of $fpath.
 */
import { type CompletionCommand, oneLine, quote } from './model.js';

export function zshScript(model: CompletionCommand[], bin = 'eks-cidr'): string {
  const fn = `_${bin.replace(/[^A-Za-z0-9]/g, '_')}`;
  const key = (c: CompletionCommand) => quote(c.path.join(' '));
  // _describe takes 'name:description'; a colon in the name would need escaping (names have none).
  const entry = (name: string, description: string) => quote(`${name}:${oneLine(description)}`);
  const table = (pick: (c: CompletionCommand) => string[]) =>
    model.map((c) => `    ${key(c)}) reply=(${pick(c).join(' ')}) ;;`).join('\n');
  const valueCases = model
    .flatMap((c) =>
      c.options
        .filter((o) => o.takesValue)
        .flatMap((o) =>
          o.flags.map(
            (flag) =>
              `    ${quote(`${c.path.join(' ')}|${flag}`)}) REPLY=${o.choices.length > 0 ? quote(`choices ${o.choices.join(' ')}`) : o.path ? 'path' : 'value'} ;;`,
          ),
        ),
    )
    .join('\n');
  return `#compdef ${bin}
# ${bin} completion for zsh, generated from its command tree by '${bin} completion zsh'.
# Load it now:  source <(${bin} completion zsh)   (after compinit)
# Or save it as _${bin} in a directory of $fpath.

${fn}_commands() {
  case "$1" in
${table((c) => c.subcommands.map((s) => entry(s.name, s.description)))}
    *) reply=() ;;
  esac
}

${fn}_options() {
  case "$1" in
${table((c) => c.options.flatMap((o) => o.flags.map((f) => entry(f, o.description))))}
    *) reply=() ;;
  esac
}

${fn}_value() {
  REPLY=''
  case "$1|$2" in
${valueCases}
  esac
}

${fn}() {
  local path_="" word i skip=0
  local -a reply names
  for ((i = 2; i < CURRENT; i++)); do
    word="\${words[i]}"
    if ((skip)); then skip=0; continue; fi
    case "$word" in
      -*=*) ;;
      -*) ${fn}_value "$path_" "$word"; [[ -n "$REPLY" ]] && skip=1 ;;
      *)
        ${fn}_commands "$path_"
        names=("\${reply[@]%%:*}")
        (( \${names[(Ie)$word]} )) && path_="\${path_:+$path_ }$word"
        ;;
    esac
  done
  local prev="\${words[CURRENT-1]}"
  if ((CURRENT > 2)) && [[ "$prev" == -* ]]; then
    ${fn}_value "$path_" "$prev"
    case "$REPLY" in
      choices*) compadd -- \${=REPLY#choices }; return ;;
      path) _files; return ;;
      value) return ;;
    esac
  fi
  if [[ "$PREFIX" == -* ]]; then
    ${fn}_options "$path_"
    _describe -t options 'option' reply
  else
    ${fn}_commands "$path_"
    _describe -t commands 'command' reply
  fi
}

compdef ${fn} ${bin}
`;
}
