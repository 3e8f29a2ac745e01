// Writing the completion model out as shell scripts (see completion.cc for
// the shape they share).

#include <string>

#include "cli/completion.h"

namespace strata::cli {

namespace {

struct Flat {
  std::string path;  // "" for the top level, "db migrate" below
  const CommandModel* command = nullptr;
};

void flatten(const std::vector<CommandModel>& commands, const std::string& prefix,
             std::vector<Flat>& out) {
  for (const auto& c : commands) {
    std::string path = prefix.empty() ? c.name : prefix + " " + c.name;
    out.push_back({path, &c});
    flatten(c.subcommands, path, out);
  }
}

std::vector<Flat> flat(const std::vector<CommandModel>& commands) {
  std::vector<Flat> out;
  flatten(commands, "", out);
  return out;
}

std::string join(const std::vector<std::string>& words, const char* sep = " ") {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : sep) + w;
  return s;
}

std::vector<std::string> names_of(const std::vector<CommandModel>& commands) {
  std::vector<std::string> out;
  for (const auto& c : commands) out.push_back(c.name);
  return out;
}

// Single quotes for any POSIX-like shell (fish included).
std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// fish escapes a quote inside single quotes with a backslash.
std::string fish_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string kind_word(ValueKind kind, const std::vector<std::string>& choices) {
  switch (kind) {
    case ValueKind::k_none:
      return "none";
    case ValueKind::k_any:
      return "any";
    case ValueKind::k_project:
      return "project";
    case ValueKind::k_target:
      return "target";
    case ValueKind::k_task:
      return "task";
    case ValueKind::k_choice:
      return "choice:" + join(choices);
  }
  return "any";
}

// The helpers bash and zsh share; `_strata_bin` is set by each driver.
std::string shared_helpers(const std::vector<CommandModel>& commands) {
  std::vector<Flat> all = flat(commands);
  std::string s = "_strata_subcommands() {\n  case \"$1\" in\n";
  s += "    '') echo " + quote(join(names_of(commands))) + " ;;\n";
  for (const auto& f : all)
    if (!f.command->subcommands.empty())
      s += "    " + quote(f.path) + ") echo " + quote(join(names_of(f.command->subcommands))) +
           " ;;\n";
  s += "  esac\n}\n\n";
  // name<TAB>summary lines, for shells that show descriptions.
  s += "_strata_described() {\n  case \"$1\" in\n";
  auto described = [&](const std::string& path, const std::vector<CommandModel>& subs) {
    std::string lines;
    for (const auto& c : subs) lines += (lines.empty() ? "" : "\n") + c.name + ":" + c.summary;
    s += "    " + quote(path) + ") echo " + quote(lines) + " ;;\n";
  };
  described("", commands);
  for (const auto& f : all)
    if (!f.command->subcommands.empty()) described(f.path, f.command->subcommands);
  s += "  esac\n}\n\n";
  s += "_strata_options() {\n  case \"$1\" in\n    '') echo '-C --help --version' ;;\n";
  for (const auto& f : all) {
    std::vector<std::string> names{"--help"};
    for (const auto& o : f.command->options)
      names.insert(names.end(), o.names.begin(), o.names.end());
    s += "    " + quote(f.path) + ") echo " + quote(join(names)) + " ;;\n";
  }
  s += "  esac\n}\n\n";
  s += "# What option $2 of command $1 takes: none (a flag), any, project, target,\n"
       "# task or choice:WORDS; a trailing + means several values (-p a b).\n"
       "_strata_option_kind() {\n  case \"$1 $2\" in\n";
  for (const auto& f : all)
    for (const auto& o : f.command->options) {
      if (o.kind == ValueKind::k_none) continue;
      std::vector<std::string> keys;
      for (const auto& n : o.names) keys.push_back(quote(f.path + " " + n));
      s += "    " + join(keys, "|") + ") echo " +
           quote(kind_word(o.kind, o.choices) + (o.multiple ? "+" : "")) + " ;;\n";
    }
  s += "    *) echo none ;;\n  esac\n}\n\n";
  s += "_strata_positional() {\n  case \"$1\" in\n";
  for (const auto& f : all)
    if (f.command->subcommands.empty())
      s += "    " + quote(f.path) + ") echo " +
           quote(kind_word(f.command->positional, f.command->positional_choices)) + " ;;\n";
  s += "    *) echo none ;;\n  esac\n}\n\n";
  s += R"SH(# Project, target or task names from the warm workspace snapshot.
_strata_names() {
  if [ -n "$_strata_dir" ]; then
    "$_strata_bin" -C "$_strata_dir" __complete "$1" 2>/dev/null
  else
    "$_strata_bin" __complete "$1" 2>/dev/null
  fi
}

# Walks the words before the cursor (given as arguments): sets _strata_cmd
# to the command path, _strata_kind to what the word under the cursor is a
# value of ("" when it is not an option's value) and _strata_dir to -C's.
_strata_state() {
  _strata_cmd='' _strata_kind='' _strata_dir=''
  local w pending=0
  while [ $# -gt 0 ]; do
    w="$1"
    shift
    if [ "$w" = "-C" ]; then
      _strata_dir="$1"
      [ $# -gt 0 ] && shift
      continue
    fi
    case "$w" in
      -*)
        _strata_kind="$(_strata_option_kind "$_strata_cmd" "$w")"
        if [ "$_strata_kind" = none ]; then _strata_kind='' pending=0; else pending=1; fi
        continue ;;
    esac
    if [ "$pending" = 1 ]; then
      pending=0
      case "$_strata_kind" in *+) ;; *) _strata_kind='' ;; esac
      continue
    fi
    [ -n "$_strata_kind" ] && continue
    case " $(_strata_subcommands "$_strata_cmd") " in
      *" $w "*) _strata_cmd="${_strata_cmd:+$_strata_cmd }$w" ;;
    esac
  done
}
)SH";
  return s;
}

}  // namespace

std::string bash_completion(const std::vector<CommandModel>& commands) {
  std::string s = "# bash completion for strata; load with: source <(strata completion bash)\n\n";
  s += shared_helpers(commands);
  s += R"SH(
_strata_values() {
  local names
  case "$1" in
    project) names="$(_strata_names projects)" ;;
    target) names="$(_strata_names targets)" ;;
    task) names="$(_strata_names tasks)" ;;
    choice:*) names="${1#choice:}" ;;
    none) COMPREPLY=(); return ;;
    *) COMPREPLY=($(compgen -f -- "$2")); return ;;
  esac
  COMPREPLY=($(compgen -W "$names" -- "$2"))
}

_strata() {
  local cur="${COMP_WORDS[COMP_CWORD]}" subs
  _strata_bin="${COMP_WORDS[0]}"
  _strata_state "${COMP_WORDS[@]:1:COMP_CWORD-1}"
  subs="$(_strata_subcommands "$_strata_cmd")"
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(_strata_options "$_strata_cmd")" -- "$cur"))
  elif [ -n "$_strata_kind" ]; then
    _strata_values "${_strata_kind%+}" "$cur"
  elif [ -n "$subs" ]; then
    COMPREPLY=($(compgen -W "$subs" -- "$cur"))
  else
    _strata_values "$(_strata_positional "$_strata_cmd")" "$cur"
  fi
}
complete -F _strata strata
)SH";
  return s;
}

std::string zsh_completion(const std::vector<CommandModel>& commands) {
  std::string s =
      "#compdef strata\n# zsh completion for strata; load with: source <(strata completion "
      "zsh)\n\n";
  s += shared_helpers(commands);
  s += R"SH(
_strata_values() {
  case "$1" in
    project) compadd -- ${(f)"$(_strata_names projects)"} ;;
    target) compadd -- ${(f)"$(_strata_names targets)"} ;;
    task) compadd -- ${(f)"$(_strata_names tasks)"} ;;
    choice:*) compadd -- ${=${1#choice:}} ;;
    none) ;;
    *) _files ;;
  esac
}

_strata() {
  local cur="${words[CURRENT]}"
  local -a subs
  _strata_bin="${words[1]}"
  _strata_state "${(@)words[2,CURRENT-1]}"
  subs=(${(f)"$(_strata_described "$_strata_cmd")"})
  if [[ "$cur" == -* ]]; then
    compadd -- ${=$(_strata_options "$_strata_cmd")}
  elif [[ -n "$_strata_kind" ]]; then
    _strata_values "${_strata_kind%+}"
  elif (( ${#subs} )); then
    _describe 'command' subs
  else
    _strata_values "$(_strata_positional "$_strata_cmd")"
  fi
}

if [ "$funcstack[1]" = "_strata" ]; then
  _strata "$@"
else
  compdef _strata strata
fi
)SH";
  return s;
}

std::string fish_completion(const std::vector<CommandModel>& commands) {
  std::vector<Flat> all = flat(commands);
  std::string s = "# fish completion for strata; load with: strata completion fish | source\n\n";
  s += "function __strata_subcommands\n    switch \"$argv[1]\"\n";
  s += "        case ''\n            echo " + fish_quote(join(names_of(commands))) + "\n";
  for (const auto& f : all)
    if (!f.command->subcommands.empty())
      s += "        case " + fish_quote(f.path) + "\n            echo " +
           fish_quote(join(names_of(f.command->subcommands))) + "\n";
  s += "    end\nend\n\n";
  s += R"SH(# The command path typed so far ("", "run", "db migrate").
function __strata_path
    set -l path ''
    set -l words (commandline -opc)
    set -e words[1]
    for w in $words
        if contains -- $w (string split ' ' -- (__strata_subcommands "$path"))
            set path (string trim -- "$path $w")
        end
    end
    echo $path
end

function __strata_using
    set -l path (__strata_path)
    test "$path" = "$argv[1]"
end

function __strata_names
    set -l words (commandline -opc)
    set -l dir
    for i in (seq 2 (count $words))
        set -l next (math $i + 1)
        if test "$words[$i]" = -C; and set -q words[$next]
            set dir -C $words[$next]
        end
    end
    $words[1] $dir __complete $argv[1] 2>/dev/null
end

complete -c strata -f
complete -c strata -n '__strata_using ""' -s C -r -F -d 'Run as if strata was started in this directory'
)SH";
  auto subs_lines = [&](const std::string& path, const std::vector<CommandModel>& subs) {
    for (const auto& c : subs)
      s += "complete -c strata -n " + fish_quote("__strata_using '" + path + "'") + " -a " +
           fish_quote(c.name) + " -d " + fish_quote(c.summary) + "\n";
  };
  subs_lines("", commands);
  auto values = [](ValueKind kind, const std::vector<std::string>& choices) -> std::string {
    switch (kind) {
      case ValueKind::k_project:
        return " -a '(__strata_names projects)'";
      case ValueKind::k_target:
        return " -a '(__strata_names targets)'";
      case ValueKind::k_task:
        return " -a '(__strata_names tasks)'";
      case ValueKind::k_choice:
        return " -a " + fish_quote(join(choices));
      case ValueKind::k_any:
        return " -F";
      case ValueKind::k_none:
        return "";
    }
    return "";
  };
  for (const auto& f : all) {
    std::string cond = " -n " + fish_quote("__strata_using '" + f.path + "'");
    subs_lines(f.path, f.command->subcommands);
    for (const auto& o : f.command->options) {
      std::string line = "complete -c strata" + cond;
      for (const auto& n : o.names)
        line += n.starts_with("--") ? " -l " + n.substr(2) : " -s " + n.substr(1);
      // -x: a value is required and only the listed names fit (no files).
      if (o.kind == ValueKind::k_any)
        line += " -r -F";
      else if (o.kind != ValueKind::k_none)
        line += " -x" + values(o.kind, o.choices);
      s += line + " -d " + fish_quote(o.help) + "\n";
    }
    if (f.command->subcommands.empty() && f.command->positional != ValueKind::k_none)
      s += "complete -c strata" + cond +
           values(f.command->positional, f.command->positional_choices) + "\n";
  }
  return s;
}

}  // namespace strata::cli
