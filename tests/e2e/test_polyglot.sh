#!/usr/bin/env bash
# The main flow on the sample polyglot workspace, with the real toolchains:
# graph edges (declared and inferred), a full build+test, a second run that
# is entirely cached, outputs restored from cache, and affected after an edit.
source "$(dirname "$0")/lib.sh"

cp -r "$SOURCE_DIR/examples/polyglot/." .
npm ci --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || fail "npm ci"
git_init


st graph --json
expect_rc 0 "graph --json"
expect_eq "$(json "sorted(d['graph']['nodes'])")" "['@demo/format', '@demo/web', 'geometry', 'pricing', 'quote']" "projects"
expect_eq "$(json "sorted(e['target'] for e in d['graph']['dependencies']['quote'])")" "['geometry', 'pricing']" "quote deps (import + implicit)"
expect_eq "$(json "[e['target'] for e in d['graph']['dependencies']['@demo/web']]")" "['@demo/format']" "web deps"

st run-many -t build test --json
expect_rc 0 "first run"
expect_eq "$(json "len(d['tasks'])")" "10" "ten tasks ran"
expect_eq "$(json "sorted(set(t['status'] for t in d['tasks']))")" "['success']" "all succeeded"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "0" "nothing cached on the first run"
expect_file libs/geometry/build/libgeometry.so "C++ library built"
expect_file apps/web/dist/receipt.js "TypeScript compiled"

st run-many -t build test --json
expect_rc 0 "second run"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "10" "second run fully cached"

st run-many -t build test
expect_rc 0 "third run, plain output"
expect_out "quote:test" "replayed output names the task"
expect_out "2 passed" "pytest output replayed from cache"

rm -rf apps/web/dist libs/format/dist
st run-many -t build --json
expect_rc 0 "run after deleting outputs"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "5" "outputs come from cache"
expect_file apps/web/dist/receipt.js "outputs restored"

sed -i 's/RATE_PER_SQUARE_METRE = 12.5/RATE_PER_SQUARE_METRE = 12.5  # reviewed/' libs/pricing/pricing/__init__.py
st show projects --affected --json
expect_rc 0 "show projects --affected"
expect_eq "$(json "sorted(d)")" "['pricing', 'quote']" "affected set after editing pricing"

st affected -t test --json
expect_rc 0 "affected -t test"
expect_eq "$(json "sorted(t['id'] for t in d['tasks'] if t['id'].endswith(':test'))")" "['pricing:test', 'quote:test']" "only affected tests"
expect_eq "$(json "[t['cache'] for t in d['tasks'] if t['id']=='pricing:test'][0]")" "miss" "edited project re-runs"

finish
