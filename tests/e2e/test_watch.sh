#!/usr/bin/env bash
# `strata watch -t build`: runs once at start, then reruns the target for
# the projects a file change affects (and their dependents) and nothing
# else; ignored files and the tasks' own outputs do not trigger a cycle; a
# project.json edit reloads the workspace; SIGTERM stops it and its tasks.
#
# Each step waits (bounded) for the run that must follow an edit; that a
# change triggered *nothing* is shown by a later real edit whose cycle is
# the only new one.
source "$(dirname "$0")/lib.sh"

mkdir -p ws && cd ws
mkdir -p a b c d e
echo '{}' > nx.json
printf '*.log\nscratch/\n' > .gitignore
build() {  # project, extra shell
  echo '{"name":"'"$1"'",'"$2"'"targets":{"build":{"command":"echo '"$1"' >> '"$WORK"'/runs.txt; mkdir -p dist; echo out > dist/out.txt","options":{"cwd":"{projectRoot}"},"outputs":["{projectRoot}/dist"],"cache":true}}}'
}
build a '' > a/project.json
build b '"implicitDependencies":["a"],' > b/project.json
build c '' > c/project.json
# e's hash depends on src.txt alone, and each run writes a different output,
# so going back to an earlier src.txt is a cache hit that rewrites dist/.
echo '{"name":"e","targets":{"build":{"command":"echo e >> '"$WORK"'/runs.txt; mkdir -p dist; date +%s%N > dist/out.txt","options":{"cwd":"{projectRoot}"},"inputs":["{projectRoot}/src.txt"],"outputs":["{projectRoot}/dist"],"cache":true}}}' > e/project.json
echo '{"name":"d","targets":{"build":{"command":"sleep 30 & echo $! > '"$WORK"'/d.pid; wait"}}}' > d/project.json
for p in a b c d e; do echo v1 > $p/src.txt; done
git_init

LOG="$WORK/watch.out"
"$STRATA" watch -t build -p a b c e >"$LOG" 2>&1 &
WATCH=$!

# wait_for PATTERN COUNT: until LOG has COUNT lines matching PATTERN (30 s at most).
wait_for() {
  for _ in $(seq 300); do
    [ "$(grep -cE -- "$1" "$LOG")" -ge "$2" ] && return 0
    sleep 0.1
  done
  fail "timed out waiting for $2 x /$1/: $(cat "$LOG")"
  return 1
}
runs() { sort "$WORK/runs.txt" 2>/dev/null | tr '\n' ' '; }
cycles() { grep -cE '^watch: .* changed -> ' "$LOG"; }
# Printed after every cycle, once its run is over.
WAITING='^watch: waiting for changes'

wait_for "$WAITING" 1
expect_eq "$(grep -c '^watch: first run -> 4 tasks' "$LOG")" "1" "runs once at start"
expect_eq "$(runs)" "a b c e " "the first run builds every selected project"

: > "$WORK/runs.txt"
echo v2 > a/src.txt
wait_for 'watch: 1 file changed -> 2 tasks' 1 && wait_for "$WAITING" 2
expect_eq "$(runs)" "a b " "an edit in a reruns a and its dependent b, not c"

# An ignored file, then a real edit in c: only c's cycle happens.
: > "$WORK/runs.txt"
echo noise > a/debug.log
mkdir -p a/scratch && echo x > a/scratch/tmp.txt
echo v2 > c/src.txt
wait_for 'watch: 1 file changed -> 1 task' 1 && wait_for "$WAITING" 3
expect_eq "$(cycles)" "2" "ignored files and the tasks' own outputs start no cycle"
expect_eq "$(runs)" "c " "only c reran"
expect_file a/dist/out.txt "the task wrote its output in a watched directory"

# A new directory is watched once it appears.
: > "$WORK/runs.txt"
mkdir -p c/deep/er && echo new > c/deep/er/file.txt
wait_for "$WAITING" 4
expect_eq "$(runs)" "c " "a file in a new directory triggers its project"

# project.json edited: the workspace reloads and the new command runs.
: > "$WORK/runs.txt"
sed -i 's/echo c >>/echo c2 >>/' c/project.json
wait_for "$WAITING" 5
expect_eq "$(runs)" "c2 " "a project.json edit reloads the workspace"

# Outputs a cache hit restores do not trigger a cycle either.
echo v2 > e/src.txt
wait_for "$WAITING" 6
: > "$WORK/runs.txt"
before="$(cat e/dist/out.txt)"
echo v1 > e/src.txt
wait_for "$WAITING" 7
echo v3 > c/src.txt
wait_for "$WAITING" 8
expect_eq "$(runs)" "c2 " "going back is a cache hit for e (no run), then only c runs"
if [ "$(cat e/dist/out.txt)" != "$before" ]; then pass; else fail "the cache hit did not restore e's output"; fi
expect_eq "$(cycles)" "7" "the restored output started no cycle"

# SIGTERM while idle, then while a task runs: the task is stopped and
# watch exits 130 both times.
kill -TERM "$WATCH"
wait "$WATCH"
expect_eq "$?" "130" "SIGTERM while idle exits 130"

LOG="$WORK/watch2.out"
"$STRATA" watch -t build -p d --no-initial-run >"$LOG" 2>&1 &
WATCH=$!
wait_for "$WAITING" 1
echo v2 > d/src.txt
for _ in $(seq 300); do [ -s "$WORK/d.pid" ] && break; sleep 0.1; done
kill -TERM "$WATCH"
wait "$WATCH"
expect_eq "$?" "130" "SIGTERM during a run exits 130"
state="$(ps -o stat= -p "$(cat "$WORK/d.pid")" 2>/dev/null | tr -d ' ')"
if [ -n "$state" ] && [ "${state:0:1}" != "Z" ]; then fail "task still running after SIGTERM ($state)"; else pass; fi

[ -n "${SHOW_LOG:-}" ] && cat "$WORK/watch.out" "$LOG" >&2
finish
