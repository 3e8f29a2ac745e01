#!/usr/bin/env bash
# `strata completion bash|zsh|fish`: the bash script runs in real bash with
# COMP_WORDS/COMP_CWORD set as bash sets them, and offers subcommands,
# flags, projects after -p, targets after -t and tasks after `run`, the
# names coming from the hidden `strata __complete`. The zsh and fish
# scripts load and pass their shells' syntax checks, and fish's own
# `complete -C` offers the same names.
source "$(dirname "$0")/lib.sh"

mkdir -p ws/apps/web ws/libs/ui
echo '{}' > ws/nx.json
echo '{"name":"web","targets":{"build":{"command":"true"},"serve":{"command":"true"}}}' > ws/apps/web/project.json
echo '{"name":"ui","targets":{"build":{"command":"true"},"test":{"command":"true"}}}' > ws/libs/ui/project.json
(cd ws && git_init)
mkdir bin && ln -s "$STRATA" bin/strata
export PATH="$WORK/bin:$PATH"

for shell in bash zsh fish; do
  st completion "$shell"
  expect_rc 0 "completion $shell"
  printf '%s\n' "$OUT" > "$WORK/strata.$shell"
done

# candidates WORD...: what the bash script offers for the last word, sorted, on one line.
candidates() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _strata; printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' \
    _ "$WORK/strata.bash" strata "$@"
}

cd ws
expect_eq "$(candidates ru)" "run run-many " "bash: subcommands"
expect_eq "$(candidates run-many --pa)" "--parallel " "bash: flags of the subcommand"
expect_eq "$(candidates run-many -p '')" "ui web " "bash: projects after -p"
expect_eq "$(candidates run-many -p ui w)" "web " "bash: -p takes several projects"
expect_eq "$(candidates affected --exclude '')" "ui web " "bash: projects after --exclude"
expect_eq "$(candidates run-many -t '')" "build serve test " "bash: targets after -t"
expect_eq "$(candidates watch -p web -t b)" "build " "bash: targets after -t, after -p"
expect_eq "$(candidates run '')" "ui:build ui:test web:build web:serve " "bash: tasks after run"
expect_eq "$(candidates completion '')" "bash fish zsh " "bash: choices of a positional"
expect_eq "$(candidates run-many --skip-cache -t t)" "test " "bash: a flag takes no value"
st __complete projects
expect_eq "$OUT" "$(printf 'ui\nweb')" "__complete lists projects"
st --help
expect_no_out "__complete" "__complete is hidden from --help"
db_subs="$(candidates db '')"
if grep -qw migrate <<<"$db_subs" && ! grep -q -- ' -' <<<" $db_subs"; then pass; else fail "bash: nested subcommands of db: '$db_subs'"; fi
expect_eq "$(candidates db mig)" "migrate " "bash: a nested subcommand by prefix"
cd "$WORK"
expect_eq "$(candidates -C ws run-many -p '')" "ui web " "bash: -C points the names at another workspace"

# zsh: syntax, loading under compinit, and the shared helpers.
if zsh -n "$WORK/strata.zsh"; then pass; else fail "zsh -n rejects the script"; fi
cd ws
got="$(zsh -f -c 'autoload -U compinit && compinit -u -D; source "$1"; _strata_bin=strata
  _strata_state run-many -p; print -rn -- "$_strata_kind "; _strata_names projects | tr "\n" " "
  _strata_state run; print -rn -- "$(_strata_positional "$_strata_cmd")"' _ "$WORK/strata.zsh" 2>&1)"
expect_eq "$got" "project+ ui web task" "zsh: the script loads and finds projects and tasks"

# fish: syntax, then fish's own completion engine.
if fish --no-execute "$WORK/strata.fish"; then pass; else fail "fish --no-execute rejects the script"; fi
fish_candidates() {
  fish -c 'source $argv[1]; complete -C $argv[2]' "$WORK/strata.fish" "$1" | cut -f1 | sort | tr '\n' ' '
}
expect_eq "$(fish_candidates 'strata ru')" "run run-many " "fish: subcommands"
expect_eq "$(fish_candidates 'strata run-many -p ')" "ui web " "fish: projects after -p"
expect_eq "$(fish_candidates 'strata run-many -t ')" "build serve test " "fish: targets after -t"
expect_eq "$(fish_candidates 'strata run ')" "ui:build ui:test web:build web:serve " "fish: tasks after run"
expect_eq "$(fish_candidates 'strata run-many --skip')" "--skip-cache " "fish: flags"

finish
