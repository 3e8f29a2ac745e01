#!/usr/bin/env bash
# Warm starts: the workspace snapshot and the stored graph rendering are used
# only while no file was added, removed or touched, so every change shows
# at once, even an edit that keeps the size and puts the old mtime back;
# loads that print a warning are never stored, so the warning is not lost.
source "$(dirname "$0")/lib.sh"

cache_of() { json "d['tasks'][0]['cache']"; }
deps_of() {
  python3 -c "import json,sys; g=json.load(sys.stdin)['graph']; print(','.join(sorted(d['target'] for d in g['dependencies'].get('$1', []))))" <<<"$OUT"
}

cat > package.json <<'JSON'
{ "name": "root", "private": true, "workspaces": ["packages/*"] }
JSON
# Nx reads imports only when told (or with an Nx framework plugin installed).
echo '{"pluginsConfig":{"@nx/js":{"analyzeSourceFiles":true}},"targetDefaults":{"build":{"cache":true,"outputs":["{projectRoot}/dist"]}}}' > nx.json
for p in a b c; do
  mkdir -p packages/$p/src
  cat > packages/$p/package.json <<JSON
{ "name": "$p", "scripts": { "build": "mkdir -p dist && cat src/index.ts > dist/out.txt" } }
JSON
  echo "export const $p = 1;" > packages/$p/src/index.ts
done
echo "import { b } from 'b'; export const a = b;" > packages/a/src/index.ts
# .out and .err hold each command's output (lib.sh): fresh on every run.
printf 'dist\n.out\n.err\nref.ts\n' > .gitignore
git_init
# Files changed within the last two seconds are too fresh to vouch for by
# their stat, and nothing derived from them is stored until they age.
sleep 2.2

st graph --json
expect_rc 0 "cold graph"
cold="$OUT"
expect_eq "$(deps_of a)" "b" "a imports b"
expect_file .strata/workspace-snapshot "workspace snapshot stored"
expect_file .strata/graph-output "graph rendering stored"
st graph --json
expect_eq "$OUT" "$cold" "warm graph prints the same"
st graph
expect_rc 0 "text format"
expect_out "^a" "text rendering is not the JSON one"

STRATA_PROFILE=1 st graph --json
expect_eq "$OUT" "$cold" "profiling leaves stdout alone"
expect_err "tree walk" "STRATA_PROFILE=1 prints the phases on stderr"
expect_err "graph output load" "and shows the warm path was taken"

# The same size and the old mtime after the edit: the ctime still moves.
cp -p packages/a/src/index.ts ref.ts
echo "import { c } from 'c'; export const a = c;" > packages/a/src/index.ts
touch -r ref.ts packages/a/src/index.ts
st graph --json
expect_eq "$(deps_of a)" "c" "same-size edit with the old mtime is seen"

mkdir -p packages/d/src
echo '{ "name": "d" }' > packages/d/package.json
echo "import { a } from 'a';" > packages/d/src/index.ts
st graph --json
expect_out '"d"' "a new project appears at once"
expect_eq "$(deps_of d)" "a" "its imports too"

# Runs: a fully cached run from the snapshot, then a change is a miss.
sleep 2.2
st run b:build --json
expect_rc 0 "first build"
st run b:build --json
expect_eq "$(cache_of)" "hit" "second build is a hit"
echo "export const b = 2;" > packages/b/src/index.ts
st run b:build --json
expect_eq "$(cache_of)" "miss" "an edited input is a miss"
expect_eq "$(cat packages/b/dist/out.txt)" "export const b = 2;" "and the task ran on the new content"

# A warning is printed on every run, not only on the first.
echo '{"targetDefaults":{"build":{"cache":true,"outputs":["{projectRoot}/dist"]}},"unknownKey":1}' > nx.json
sleep 2.2
st graph --json
expect_err "unknownKey" "warning on the first run"
st graph --json
expect_err "unknownKey" "warning again on the second run"

finish
