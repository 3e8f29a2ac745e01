#!/usr/bin/env bash
# Nx executors run through the workspace's own Nx: tests/nx-workspace, an
# Nx workspace with real @nx/js:tsc, @nx/jest:jest and @nx/eslint:lint
# targets and the @nx/jest/plugin inferring a test target, gives the same
# tasks and exit code under `strata run-many` as under `nx run-many`; the
# second Strata run is fully cached; an edit misses exactly the tasks Nx
# reruns; a lint error fails the same task with the same exit code. Without node_modules/nx, graph and show still work and running
# such a target fails with one line naming the executor and what to install.
source "$(dirname "$0")/lib.sh"

NXWS="$SOURCE_DIR/tests/nx-workspace"
if [ ! -x "$NXWS/node_modules/.bin/nx" ]; then "$SOURCE_DIR/scripts/install-test-deps" >&2; fi
if [ ! -x "$NXWS/node_modules/.bin/nx" ]; then
  fail "Nx is not installed in $NXWS/node_modules; run scripts/install-test-deps"
  finish
  exit 1
fi
command -v node >/dev/null || { fail "node is not on PATH"; finish; exit 1; }

# Nx offline, without daemon or terminal UI, its state outside the copies.
export NX_DAEMON=false NX_NO_CLOUD=true NX_TUI=false NX_INTERACTIVE=false
export NX_CACHE_DIRECTORY="$WORK/nx-cache" NX_WORKSPACE_DATA_DIRECTORY="$WORK/nx-data"
TARGETS=(build test lint)

# copy DIR: the workspace (without node_modules) as a git repository, with
# node_modules linked to the installed one.
copy() {
  mkdir -p "$WORK/$1"
  (cd "$NXWS" && tar cf - --exclude=./node_modules --exclude=./dist --exclude=./.nx \
    --exclude=./.strata .) | (cd "$WORK/$1" && tar xf -)
  ln -s "$NXWS/node_modules" "$WORK/$1/node_modules"
  (cd "$WORK/$1" && git_init)
}
copy nx
copy strata

# nx_tasks: ids of the tasks Nx ran (not restored from its cache), then of
# all it touched, from its static output.
nx_run() {
  (cd "$WORK/nx" && node_modules/.bin/nx run-many -t "${TARGETS[@]}" --output-style=static) \
    >"$WORK/nx.log" 2>&1
  NX_RC=$?
  NX_ALL="$(sed -n 's/^> nx run \([^ ]*\).*/\1/p' "$WORK/nx.log" | sort | tr '\n' ' ')"
  NX_RAN="$(grep '^> nx run ' "$WORK/nx.log" | grep -v -e '\[local cache\]' -e '\[existing outputs' |
    sed 's/^> nx run \([^ ]*\).*/\1/' | sort | tr '\n' ' ')"
}
strata_run() {
  cd "$WORK/strata"
  st run-many -t "${TARGETS[@]}" --json
  cd "$WORK"
  ST_ALL="$(python3 -c 'import json,sys; print(" ".join(sorted(t["id"] for t in json.load(sys.stdin)["tasks"])) + " ")' <<<"$OUT")"
  ST_RAN="$(python3 -c 'import json,sys; ids=sorted(t["id"] for t in json.load(sys.stdin)["tasks"] if t.get("cache") != "hit"); print(" ".join(ids) + (" " if ids else ""))' <<<"$OUT")"
  ST_FAILED="$(python3 -c 'import json,sys; print(" ".join(sorted(t["id"] for t in json.load(sys.stdin)["tasks"] if t["exitCode"] != 0)))' <<<"$OUT")"
}

nx_run
expect_eq "$NX_RC" 0 "nx run-many succeeds: $(tail -20 "$WORK/nx.log")"
expect_eq "$NX_ALL" "cli:build cli:lint greet:build greet:lint greet:test util:build util:lint util:test " \
  "nx runs every task, greet:test inferred by @nx/jest/plugin"

strata_run
expect_rc "$NX_RC" "strata run-many exits as nx does"
expect_eq "$ST_ALL" "$NX_ALL" "strata runs the tasks nx runs"
expect_eq "$ST_FAILED" "" "no task failed"
expect_file "$WORK/strata/dist/libs/util/src/index.js" "@nx/js:tsc wrote its output"
expect_file "$WORK/strata/dist/libs/greet/package.json" "@nx/js:tsc wrote the package.json"
if [ -e "$WORK/strata/.nx" ]; then fail "nx kept state in the workspace: $(ls "$WORK/strata/.nx")"; else pass; fi

# A warm start takes the plugins' targets from the snapshot, not from Nx.
cd "$WORK/strata"
STRATA_PROFILE=1 st show projects
cd "$WORK"
expect_err "workspace snapshot used" "warm start uses the workspace snapshot"
if grep -q "nx plugin targets" <<<"$ERR"; then fail "warm start called nx: $ERR"; else pass; fi

strata_run
expect_rc 0 "second strata run"
expect_eq "$ST_RAN" "" "second strata run is fully cached"
rm -rf "$WORK/strata/dist"
strata_run
expect_eq "$ST_RAN" "" "outputs are restored from the cache"
expect_file "$WORK/strata/dist/libs/util/src/index.js" "restored @nx/js:tsc output"

# One edit: Strata misses exactly the tasks Nx reruns.
for ws in nx strata; do echo "// edited" >>"$WORK/$ws/libs/greet/src/index.js"; done
nx_run
strata_run
expect_eq "$NX_RC" 0 "nx after the edit"
expect_rc 0 "strata after the edit"
expect_eq "$ST_RAN" "$NX_RAN" "an edit misses the tasks nx reruns"
expect_eq "$NX_RAN" "cli:build greet:build greet:lint greet:test " "nx reruns greet and what builds on it"

# A lint error: the same failed task and exit code under both.
for ws in nx strata; do echo "const unused = 1;" >>"$WORK/$ws/libs/util/src/index.js"; done
nx_run
NX_FAILED="$(awk '/^Failed tasks:/ { f = 1; next } /Run duration/ { f = 0 } f && /^- / { print $2 }' \
  "$WORK/nx.log" | sort | tr '\n' ' ' | sed 's/ $//')"
strata_run
expect_eq "$NX_RC" 1 "nx fails on the lint error"
expect_rc "$NX_RC" "strata exits as nx does on a failed task"
expect_eq "$NX_FAILED" "util:lint" "nx names the failed task"
expect_eq "$ST_FAILED" "$NX_FAILED" "strata fails the task nx fails"
for ws in nx strata; do sed -i '$d' "$WORK/$ws/libs/util/src/index.js"; done

# Without Nx: loading works, running an Nx executor fails with one line.
rm "$WORK/strata/node_modules"
cd "$WORK/strata"
st show projects --json
expect_rc 0 "show projects without nx"
expect_out '"util"' "show projects lists util"
st graph --json
expect_rc 0 "graph without nx"
expect_out '"executor": ?"@nx/js:tsc"' "graph shows the executor"
st show projects --affected --files libs/util/src/index.js --json
expect_rc 0 "affected without nx"
expect_out '"greet"' "affected follows the path alias"
st check boundaries
expect_rc 0 "check boundaries without nx"
if grep -q "plugins" <<<"$ERR"; then fail "check boundaries warns about plugins: $ERR"; else pass; fi
st run cli:hello
expect_rc 0 "a command target runs without nx"
expect_out "hello from cli" "command output"
st explain util:build
expect_rc 0 "explain needs no nx"
rm -rf dist
st run util:build
expect_rc 0 "a cached Nx task replays without nx"
expect_file "$WORK/strata/dist/libs/util/src/index.js" "and restores its outputs"
st run util:build --skip-cache
expect_rc 1 "an Nx executor without nx fails"
expect_err "libs/util/project.json:7:7: project 'util' target 'build' uses executor '@nx/js:tsc'.*Nx is not installed" \
  "the error names the file, line, column and executor"
expect_err "hint: npm install -D nx @nx/js, or use a shell command instead" "the hint says what to install"
cd "$WORK"
finish
