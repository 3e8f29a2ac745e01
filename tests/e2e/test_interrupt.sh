#!/usr/bin/env bash
# Ctrl-C stops every child process and exits 130; a failing task fails the
# run while independent work goes on, unless --bail.
source "$(dirname "$0")/lib.sh"

mkdir -p a b c
echo '{}' > nx.json
echo '{"name":"a","targets":{"work":{"command":"sleep 30 & echo $! > '"$WORK"'/a.pid; wait"}}}' > a/project.json
echo '{"name":"b","targets":{"work":{"command":"exit 3"}}}' > b/project.json
echo '{"name":"c","targets":{"work":{"command":"sleep 1; echo c-done"}}}' > c/project.json
git_init

"$STRATA" run-many -t work -p a c >"$WORK/.out" 2>&1 &
pid=$!
for _ in $(seq 50); do [ -s "$WORK/a.pid" ] && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
RC=$?
expect_eq "$RC" "130" "interrupted run exits 130"
sleep 1
# A zombie waiting for an orphan reaper has stopped running, so only live
# states count.
state="$(ps -o stat= -p "$(cat "$WORK/a.pid")" 2>/dev/null | tr -d ' ')"
if [ -n "$state" ] && [ "${state:0:1}" != "Z" ]; then fail "child still running after Ctrl-C ($state)"; else pass; fi

st run-many -t work -p b c --parallel 1
expect_rc 1 "a failing task fails the run"
expect_out "c-done" "independent work goes on"
expect_out "b:work" "failed task reported"

st run-many -t work -p b c --parallel 1 --bail
expect_rc 1 "bail fails"
expect_no_out "c-done" "bail stops scheduling new work"

finish
