#!/usr/bin/env bash
# The warm graph of a workspace that reads no sources (an Nx workspace that
# draws edges from package.json alone) needs no walk: the stats of its
# directories and of the configuration files it read vouch for the stored
# graph (files/tree_shape.h). Every change that could alter the graph still
# shows at once; a change that cannot (a source edited in place) keeps the
# shortcut.
source "$(dirname "$0")/lib.sh"

deps_of() {
  python3 -c "import json,sys; g=json.load(sys.stdin)['graph']; print(','.join(sorted(d['target'] for d in g['dependencies'].get('$1', []))))" <<<"$OUT"
}
nodes() {
  python3 -c "import json,sys; print(','.join(sorted(json.load(sys.stdin)['graph']['nodes'])))" <<<"$OUT"
}
# Runs `strata graph --json` with the profile; WALKED says whether it walked.
graph() {
  STRATA_PROFILE=1 st graph --json
  expect_rc 0 "graph $1"
  if grep -q "tree walk" <<<"$ERR"; then WALKED=yes; else WALKED=no; fi
}
# Files changed in the last two seconds are too fresh to vouch for.
age() { sleep 2.2; }

cat > package.json <<'JSON'
{ "name": "root", "private": true, "workspaces": ["packages/*"] }
JSON
echo '{"targetDefaults":{"build":{"cache":true,"outputs":["{projectRoot}/dist"]}}}' > nx.json
for p in a b c; do
  mkdir -p packages/$p/src
  echo "{ \"name\": \"$p\", \"scripts\": { \"build\": \"mkdir -p dist && cp src/index.ts dist/\" } }" \
    > packages/$p/package.json
  echo "export const $p = 1;" > packages/$p/src/index.ts
done
echo '{ "name": "a", "dependencies": { "b": "*" }, "scripts": { "build": "mkdir -p dist && cp src/index.ts dist/" } }' \
  > packages/a/package.json
printf 'dist\n.out\n.err\n' > .gitignore
git_init
age

graph "cold"
cold="$OUT"
expect_eq "$WALKED" "yes" "the cold graph walks"
expect_eq "$(deps_of a)" "b" "a depends on b by its package.json"
expect_file .strata/tree-shape "the tree shape is stored beside the snapshot"
# The first run created .strata/ in the root, which is too fresh to stamp
# until it ages; the first walk after that stamps the shape.
age
graph "stamping the shape"
expect_eq "$OUT" "$cold" "same graph"
graph "warm"
expect_eq "$OUT" "$cold" "warm graph prints the same"
expect_eq "$WALKED" "no" "warm graph does not walk"
expect_err "tree shape check" "it checks the shape instead"

# A source edited in place cannot change a graph drawn from package.json.
echo "import { c } from 'c'; export const a = c;" >> packages/a/src/index.ts
graph "after a source edit"
expect_eq "$OUT" "$cold" "same graph after a source edit"
expect_eq "$WALKED" "no" "and still no walk"

# A same-size edit of a package.json with its old mtime put back.
cp -p packages/a/package.json ref.json
sed -i 's/"b": "\*"/"c": "*"/' packages/a/package.json
touch -r ref.json packages/a/package.json
rm ref.json
graph "after a dependency edit"
expect_eq "$(deps_of a)" "c" "a same-size package.json edit is seen"

mkdir -p packages/d/src
echo '{ "name": "d", "dependencies": { "a": "*" } }' > packages/d/package.json
graph "after a new project"
expect_eq "$(nodes)" "a,b,c,d" "a new project appears at once"
expect_eq "$(deps_of d)" "a" "with its dependencies"
age
graph "recording the new shape"
age
graph "stamping it"
graph "warm again"
expect_eq "$WALKED" "no" "the shape is recorded again once the files age"

echo "packages/d/" >> .gitignore
graph "after an ignore rule"
expect_eq "$(nodes)" "a,b,c" "a project ignored by .gitignore leaves at once"

# Build outputs appear in project directories: ignored, so the graph is
# the same, and the next walk re-stamps the directories.
age
graph "before the build"
st run-many -t build
expect_rc 0 "build"
age
graph "after the build"
expect_eq "$WALKED" "yes" "a directory that gained an ignored output is walked once"
expect_eq "$(nodes)" "a,b,c" "same projects after the build"
graph "after the build, again"
expect_eq "$WALKED" "no" "then the shape holds again"

# A damaged shape is ignored.
printf 'garbage' > .strata/tree-shape
graph "with a damaged shape"
expect_eq "$WALKED" "yes" "a damaged shape means a walk"
expect_eq "$(nodes)" "a,b,c" "and the right graph"

# Reading imports makes the graph depend on every source: no shape.
echo '{"pluginsConfig":{"@nx/js":{"analyzeSourceFiles":true}}}' > nx.json
graph "with imports read"
expect_eq "$(deps_of a)" "c" "a imports c (and depends on it)"
expect_eq "$(test -e .strata/tree-shape && echo kept || echo removed)" "removed" \
  "no shape when sources are read"
age
graph "with imports read, aged"
graph "with imports read, warm"
expect_eq "$WALKED" "yes" "a workspace that reads imports always walks"
echo "import { b } from 'b'; export const a = b;" > packages/a/src/index.ts
graph "after an import edit"
expect_eq "$(deps_of a)" "b,c" "an edited import is seen at once"

finish
