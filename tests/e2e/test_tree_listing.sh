#!/usr/bin/env bash
# The last walk's listing (.strata/tree-listing) stands in for the next walk
# while no listed directory, ignore file or left-out symlink changed: the
# files are only stat'ed again. Every change to what a walk would list
# still shows at once, in the task inputs a run hashes.
source "$(dirname "$0")/lib.sh"

cache_of() { json "{t['id']: t['cache'] for t in d['tasks']}['$1']"; }
# Runs the build with the profile; REUSED says whether the listing was used.
build() {
  STRATA_PROFILE=1 st run-many -t build --json
  expect_rc 0 "build $1"
  if grep -q "tree listing reused" <<<"$ERR"; then REUSED=yes; else REUSED=no; fi
}
age() { sleep 2.2; }

echo '{}' > strata.json
for p in a b; do
  mkdir -p libs/$p/src
  echo "{\"name\": \"$p\", \"targets\": {\"build\": {\"command\": \"mkdir -p dist && cat src/*.ts > dist/out.txt\", \"cache\": true, \"outputs\": [\"{projectRoot}/dist\"], \"options\": {\"cwd\": \"{projectRoot}\"}}}}" \
    > libs/$p/project.json
  echo "export const $p = 1;" > libs/$p/src/index.ts
done
echo "draft" > libs/a/notes.txt
printf 'dist\n.out\n.err\nnotes.txt\n' > .gitignore
git_init
age

build "cold"
expect_eq "$(cache_of a:build)" "miss" "first build runs"
age
build "walks and records the listing"
expect_eq "$(cache_of a:build)" "hit" "second build is a hit"
expect_file .strata/tree-listing "the listing is stored"
build "from the listing"
expect_eq "$REUSED" "yes" "the listing stands in for the walk"
expect_eq "$(cache_of a:build)" "hit" "and the build is still a hit"

# A content edit needs no walk: the stats show it.
echo "export const a = 2;" > libs/a/src/index.ts
build "after an edit"
expect_eq "$REUSED" "yes" "an edit in place keeps the listing"
expect_eq "$(cache_of a:build)" "miss" "the edited input is a miss"
expect_eq "$(cat libs/a/dist/out.txt)" "export const a = 2;" "built from the new content"

# A new file is a new input at once.
echo "export const extra = 1;" > libs/b/src/extra.ts
build "after a new file"
expect_eq "$REUSED" "no" "a new file means a walk"
expect_eq "$(cache_of b:build)" "miss" "the new input is a miss"
age
build "records again"
build "from the new listing"
expect_eq "$REUSED" "yes" "the listing is used again once things age"

# Un-ignoring a file edits .gitignore in place: the file becomes an input.
printf 'dist\n.out\n.err\n' > .gitignore
build "after an ignore rule is dropped"
expect_eq "$REUSED" "no" "an edited .gitignore means a walk"
expect_eq "$(cache_of a:build)" "miss" "the file it un-ignored is an input now"

# A damaged listing is ignored.
age
build "records again"
printf 'garbage' > .strata/tree-listing
build "with a damaged listing"
expect_eq "$REUSED" "no" "a damaged listing means a walk"
expect_eq "$(cache_of a:build)" "hit" "with the same answers"

finish
