#!/usr/bin/env bash
# Ready tasks start longest remaining path first, costed by what earlier
# runs took: with one slot, the task that took longest last time starts
# first, so it is not left for the end of the run.
source "$(dirname "$0")/lib.sh"

mkdir -p a b c
echo '{}' > nx.json
for p in a b c; do
  case $p in c) secs=0.6 ;; *) secs=0.05 ;; esac
  echo '{"name":"'$p'","targets":{"work":{"command":"echo '$p' >> '"$WORK"'/order.log; sleep '$secs'"}}}' > $p/project.json
done
git_init

# No history: every task costs the same, so they start in graph order.
st run-many -t work --parallel 1 --skip-cache
expect_rc 0 "first run passes"
expect_eq "$(tr '\n' ' ' < "$WORK/order.log")" "a b c " "without history the tasks start in graph order"

# The slow task's time is recorded, and the next run starts it first.
rm "$WORK/order.log"
st run-many -t work --parallel 1 --skip-cache
expect_rc 0 "second run passes"
expect_eq "$(head -1 "$WORK/order.log")" "c" "the task that took longest starts first"
expect_eq "$(wc -l < "$WORK/order.log" | tr -d ' ')" "3" "every task still runs once"

# A cache hit's restore time does not count as the task's cost: after a
# cached run and with c made quick, c is still costed by its last execution.
st run-many -t work --parallel 1
st run-many -t work --parallel 1
expect_rc 0 "cached run passes"
rm "$WORK/order.log"
st run-many -t work --parallel 1 --skip-cache
expect_eq "$(head -1 "$WORK/order.log")" "c" "hits leave the costs as they were"

finish
