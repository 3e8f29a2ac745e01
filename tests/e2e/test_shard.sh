#!/usr/bin/env bash
# --shard K/N against one real nginx remote cache (tests/support/dav_server):
# for N = 1, 2 and 4, N shards of `run-many` run at once, each in its own
# clone; together they run every task exactly once (each command appends
# its task id to a side-effect file) and leave the same outputs as one
# unsharded run. A part of the graph cut across shards gets its shared
# dependency from the other shard's upload. Bad values are usage errors.
# Each N's wall time is printed ("wall N=2: 3.1s") for bench/README.md.
source "$(dirname "$0")/lib.sh"

DAV="$SOURCE_DIR/tests/support/dav_server"
PORT="$("$DAV" start "$WORK/dav")" || { echo "test_shard.sh: cannot start nginx" >&2; exit 1; }
trap '"$DAV" stop "$WORK/dav"; rm -rf "$WORK"' EXIT
export STRATA_REMOTE_CACHE_KEY=e2e-shard-key
unset STRATA_REMOTE_CACHE_URL STRATA_REMOTE_CACHE_READ_ONLY STRATA_REMOTE_CACHE_TOKEN
CHAINS=6

# Six independent chains: lib_i:build -> app_i:build -> app_i:test. Every
# command records its task id in $SIDE_LOG and takes a little while.
mkdir origin && cd origin
echo '{"targetDefaults": {"build": {"cache": true}, "test": {"cache": true}}}' > strata.json
task() {  # task PROJECT TARGET: the command of one task
  echo "echo $1:$2 >> \\\"\$SIDE_LOG\\\" && sleep 0.4 && mkdir -p $1/out && cat $1/src.txt > $1/out/$2.txt && echo $2 >> $1/out/$2.txt"
}
for i in $(seq 1 $CHAINS); do
  mkdir -p "lib$i" "app$i"
  echo "lib $i" > "lib$i/src.txt"
  echo "app $i" > "app$i/src.txt"
  cat > "lib$i/project.json" <<JSON
{"name": "lib$i", "targets": {"build": {"command": "$(task lib$i build)", "outputs": ["{projectRoot}/out/build.txt"]}}}
JSON
  cat > "app$i/project.json" <<JSON
{"name": "app$i", "implicitDependencies": ["lib$i"], "targets": {
  "build": {"dependsOn": ["^build"], "command": "$(task app$i build)", "outputs": ["{projectRoot}/out/build.txt"]},
  "test": {"dependsOn": ["build"], "command": "$(task app$i test)", "outputs": ["{projectRoot}/out/test.txt"]}}}
JSON
done
printf 'out/\n.strata/\n' > .gitignore
git_init
cd "$WORK"
TOTAL=$((CHAINS * 3))

# Usage errors: one line, exit 2, before any work.
cd origin
for bad in 0/2 3/2 x 1/0 2; do
  st run-many -t build --shard "$bad"
  expect_rc 2 "--shard $bad is a usage error"
  expect_eq "$(wc -l <<<"$ERR")" "1" "--shard $bad: one line"
  expect_err "^strata: error: --shard $bad: expected K/N" "--shard $bad: says what is expected"
done
# The shards' dry runs cover the graph: every task owned once.
st run-many -t build test --dry-run
all="$(grep -c '^  ' <<<"$OUT")"
expect_eq "$all" "$TOTAL" "the unsharded graph"
owned=0
for k in 1 2 3; do
  st run-many -t build test --dry-run --shard "$k/3"
  expect_rc 0 "dry run of shard $k/3"
  expect_err "strata: shard $k/3 \(plan [0-9a-f]+\): .* balanced by task counts" "shard $k/3 says its share"
  owned=$((owned + $(sed -n 's/.*tasks, \([0-9]*\) its own.*/\1/p' <<<"$ERR")))
done
expect_eq "$owned" "$TOTAL" "three shards own every task once"
cd "$WORK"

# The reference: one unsharded run without a remote cache.
git clone -q origin ref
(cd ref && SIDE_LOG="$WORK/ref.log" "$STRATA" run-many -t build test >/dev/null 2>&1) || fail "unsharded run"
expect_eq "$(wc -l <"$WORK/ref.log")" "$TOTAL" "the unsharded run ran every task"

for n in 1 2 4; do
  log="$WORK/side-$n.log"
  for k in $(seq 1 "$n"); do
    git clone -q origin "n$n-$k"
    echo "{\"targetDefaults\": {\"build\": {\"cache\": true}, \"test\": {\"cache\": true}},
 \"remoteCache\": {\"url\": \"http://127.0.0.1:$PORT/n$n\", \"timeoutMs\": 5000}}" > "n$n-$k/strata.json"
  done
  start=$(date +%s%N)
  pids=()
  for k in $(seq 1 "$n"); do
    (cd "n$n-$k" && SIDE_LOG="$log" exec "$STRATA" run-many -t build test --shard "$k/$n" \
      >"$WORK/n$n-$k.out" 2>&1) &
    pids+=($!)
  done
  for k in $(seq 1 "$n"); do
    wait "${pids[$((k - 1))]}" && pass || fail "shard $k/$n failed: $(tail -5 "$WORK/n$n-$k.out")"
  done
  echo "wall N=$n: $(( ($(date +%s%N) - start) / 1000000 ))ms"
  expect_eq "$(wc -l <"$log")" "$TOTAL" "N=$n: $TOTAL task executions in all"
  expect_eq "$(sort "$log" | uniq -d)" "" "N=$n: no task ran twice"
  expect_eq "$(sort "$log")" "$(sort "$WORK/ref.log")" "N=$n: the same tasks as the unsharded run"
  # Every output of the reference run exists in some shard's clone, byte for byte.
  for f in $(cd ref && find . -path '*/out/*' -type f | sort); do
    found=0
    for k in $(seq 1 "$n"); do
      if [ -f "n$n-$k/$f" ]; then
        found=1
        cmp -s "ref/$f" "n$n-$k/$f" || fail "N=$n: $f differs in shard $k"
      fi
    done
    [ "$found" = 1 ] && pass || fail "N=$n: no shard wrote $f"
  done
done

# The runs recorded their durations in .strata/metrics.db: the next plan uses them.
cd n2-1
st run-many -t build test --dry-run --shard 1/2
expect_rc 0 "a dry run after the sharded run"
expect_err "shard 1/2 \(plan [0-9a-f]+\): .* balanced by recorded durations" "durations from the last run"
cd "$WORK"

# A part heavier than a fair share is cut: hub:build feeds four apps. The
# shards run one after the other; the second gets hub:build from the remote.
mkdir hub && cd hub
echo "{\"targetDefaults\": {\"build\": {\"cache\": true}},
 \"remoteCache\": {\"url\": \"http://127.0.0.1:$PORT/hub\", \"timeoutMs\": 5000}}" > strata.json
mkdir -p hub && echo hub > hub/src.txt
echo "{\"name\": \"hub\", \"targets\": {\"build\": {\"command\": \"$(task hub build)\", \"outputs\": [\"{projectRoot}/out/build.txt\"]}}}" > hub/project.json
for a in w x y z; do
  mkdir -p "$a" && echo "$a" > "$a/src.txt"
  echo "{\"name\": \"$a\", \"implicitDependencies\": [\"hub\"], \"targets\": {\"build\": {\"dependsOn\": [\"^build\"],
   \"command\": \"$(task "$a" build)\", \"outputs\": [\"{projectRoot}/out/build.txt\"]}}}" > "$a/project.json"
done
printf 'out/\n.strata/\n' > .gitignore
git_init
cd "$WORK"
git clone -q hub hub1 && git clone -q hub hub2
(cd hub1 && SIDE_LOG="$WORK/hub.log" "$STRATA" run-many -t build --shard 1/2 >"$WORK/hub1.out" 2>&1) || fail "hub shard 1"
(cd hub2 && SIDE_LOG="$WORK/hub.log" "$STRATA" run-many -t build --shard 2/2 --json >"$WORK/hub2.out" 2>"$WORK/hub2.err") \
  || fail "hub shard 2: $(tail -3 "$WORK/hub2.err")"
grep -q "strata: shard 2/2 .*: 3 of 5 tasks, 2 its own" "$WORK/hub2.err" && pass \
  || fail "shard 2 runs its two apps and their dependency: $(cat "$WORK/hub2.err")"
expect_eq "$(grep -c '^hub:build$' "$WORK/hub.log")" "1" "hub:build ran once"
expect_eq "$(sort "$WORK/hub.log" | uniq -d)" "" "no task of the cut part ran twice"
python3 - "$WORK/hub2.out" <<'PY' && pass || fail "shard 2 took hub:build from the remote: $(cat "$WORK/hub2.out")"
import json, sys
t = {t["id"]: t for t in json.load(open(sys.argv[1]))["tasks"]}
assert t["hub:build"]["cacheSource"] == "remote", t["hub:build"]
PY
cmp -s hub1/hub/out/build.txt hub2/hub/out/build.txt && pass || fail "hub output restored byte for byte"

finish
