#!/usr/bin/env bash
# A generated workspace works at once. With only the system's folders on
# PATH (no tests/.venv), `strata new` and one context per language install
# what the code needs, `run-many -t build test lint` passes with no manual
# step and a second run is fully cached; every Makefile and justfile target
# runs; the CI scripts install strata and fall back to every project when
# there is no base to compare with; `new --force` keeps the user's files; an
# install failure or a missing C++ tool is one error line naming the step or
# the Debian packages, and the generated files stay.
source "$(dirname "$0")/lib.sh"

# The README's prerequisites live in the system folders; nothing else.
export PATH=/usr/bin:/bin
for tool in git make python3 node npm cmake c++; do
  if ! command -v "$tool" >/dev/null; then
    echo "FAIL: $tool is not in /usr/bin or /bin; install the README's prerequisites" >&2
    exit 1
  fi
done
commit() { git add -A && git -c user.name=t -c user.email=t@example.invalid commit -qm "$1" --no-verify; }

st new shop
expect_rc 0 "strata new"
expect_no_out "Installing" "a workspace without code installs nothing"
cd shop || exit 1

# ---- one context per language, each installing what it needs ----------------

st generate context billing --lang python
expect_rc 0 "a Python context"
expect_out "Python tools \(\.venv\): python3 -m venv \.venv && \.venv/bin/python -m pip install" \
  "the venv step is shown with its command"
for tool in pytest ruff mypy; do expect_file ".venv/bin/$tool" "$tool installed in .venv"; done
cmp -s requirements-dev.txt .venv/strata-requirements-dev.txt && pass || fail "venv stamp"

st generate context orders --lang typescript
expect_rc 0 "a TypeScript context"
expect_out "npm packages: npm install" "the npm step is shown"
expect_file node_modules/.bin/tsc "typescript installed"
expect_file node_modules/@shop/orders-domain "the layers are linked as npm workspaces"

st generate context stock --lang cpp
expect_rc 0 "a C++ context (CMake, g++ and GoogleTest are here)"
expect_no_out "Installing" "C++ only checks the toolchain"

st generate context billing --lang python
expect_rc 0 "the same context again"
expect_out "Nothing to write" "idempotent"
expect_no_out "Installing" "nothing to install the second time"

# ---- the whole workspace, twice --------------------------------------------

commit init
st run-many -t build test lint --json
expect_rc 0 "run-many build test lint with no manual step"
expect_eq "$(json "len(d['tasks'])")" "36" "three contexts, four layers, three targets"
expect_eq "$(json "sorted(set(t['status'] for t in d['tasks']))")" "['success']" "all succeeded"
st run-many -t build test lint --json
expect_rc 0 "second run-many"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "36" "second run fully cached"

# ---- every Makefile and justfile target ------------------------------------

targets=(help affected build test lint format graph check contexts)
for target in "${targets[@]}"; do
  make "$target" STRATA="$STRATA" >"$WORK/make.out" 2>&1 && pass || fail "make $target: $(tail -5 "$WORK/make.out")"
done
# Output captured whole first: `make | grep -q` under pipefail fails when
# grep exits before make has written its last line.
check_out="$(make check STRATA="$STRATA" 2>&1)"
grep -q "no violations" <<<"$check_out" && pass || fail "make check runs the boundary check: $check_out"
contexts_out="$(make contexts STRATA="$STRATA" 2>&1)"
grep -q "^stock" <<<"$contexts_out" && pass || fail "make contexts lists the contexts: $contexts_out"
grep -q '^.PHONY: help affected build test lint format graph check contexts$' Makefile && pass \
  || fail "the test covers every Makefile target"

# Debian 12 packages no `just`, so each recipe's command is run from the
# justfile as just would expand it; the real just runs them too when found.
recipes="$(grep -E '^[a-z]+:$' justfile | tr -d ':' | tr '\n' ' ')"
expect_eq "$recipes" "affected build test lint format graph check contexts " "justfile recipes"
for recipe in $recipes; do
  line="$(awk -v r="$recipe:" '$0 == r {getline; print; exit}' justfile)"
  line="${line//\{\{strata\}\}/$STRATA}"
  line="${line//\{\{base\}\}/main}"
  sh -c "$line" >"$WORK/just.out" 2>&1 && pass || fail "justfile $recipe ($line): $(tail -5 "$WORK/just.out")"
done
JUST="$(command -v just || true)"
[ -z "$JUST" ] && [ -x "$SOURCE_DIR/tests/.venv/bin/just" ] && JUST="$SOURCE_DIR/tests/.venv/bin/just"
if [ -n "$JUST" ]; then
  for recipe in $recipes; do
    STRATA="$STRATA" "$JUST" "$recipe" >"$WORK/just.out" 2>&1 && pass || fail "just $recipe: $(tail -5 "$WORK/just.out")"
  done
else
  echo "note: no just binary (Debian 12 has no package); the justfile's commands were run without it"
fi

# ---- the CI workflow and its scripts -----------------------------------------

ci=.github/workflows/ci.yml
if python3 -c 'import yaml' 2>/dev/null; then
  python3 - "$ci" <<'PY' && pass || fail "CI workflow steps"
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
steps = w["jobs"]["affected"]["steps"]
runs = " ".join(s.get("run", "") for s in steps)
assert "tools/ci/install-strata.sh" in runs and "tools/ci/affected.sh lint test build" in runs
assert steps[0]["with"]["fetch-depth"] == 0
caches = [s["with"] for s in steps if s.get("uses", "").startswith("actions/cache")]
assert any(c["path"] == ".strata" and "github.sha" in c["key"] and c.get("restore-keys") for c in caches)
assert runs.index("install-strata.sh") < runs.index("affected.sh")
assert w["jobs"]["affected"]["strategy"]["matrix"]["shard"] == [1, 2]
assert any("matrix.shard" in str(s.get("env", {}).get("SHARD", "")) for s in steps)
PY
else
  echo "note: python3 has no yaml module; the CI workflow is checked with grep only"
fi
grep -q "path: .strata" "$ci" && pass || fail "CI keeps .strata between runs"

# install-strata.sh: a clear error when nothing says where strata comes
# from, a download (file:// here) otherwise, then the cached binary.
env -i PATH=/usr/bin:/bin HOME="$WORK/home" sh tools/ci/install-strata.sh >"$WORK/ci.out" 2>&1
expect_eq "$?" "1" "no strata source: the job stops"
grep -q "::error::strata is not installed: set the repository variable STRATA_URL" "$WORK/ci.out" && pass \
  || fail "and says what to set: $(cat "$WORK/ci.out")"
env -i PATH=/usr/bin:/bin HOME="$WORK/home" STRATA_URL="file://$STRATA" GITHUB_PATH="$WORK/gh-path" \
  sh tools/ci/install-strata.sh >"$WORK/ci.out" 2>&1 && pass || fail "STRATA_URL install: $(cat "$WORK/ci.out")"
[ -x "$WORK/home/.cache/strata-bin/strata" ] && pass || fail "strata downloaded into the cached folder"
expect_eq "$(cat "$WORK/gh-path")" "$WORK/home/.cache/strata-bin" "the folder goes on the job's PATH"
env -i PATH=/usr/bin:/bin HOME="$WORK/home" sh tools/ci/install-strata.sh >"$WORK/ci.out" 2>&1
grep -q "cached" "$WORK/ci.out" && pass || fail "a restored binary is used without downloading: $(cat "$WORK/ci.out")"

# affected.sh: the base it compares with, or everything without one.
cat >"$WORK/fake-strata" <<'SH'
#!/bin/sh
echo "$*" >"$(dirname "$0")/fake-strata.args"
SH
chmod +x "$WORK/fake-strata"
zeros=0000000000000000000000000000000000000000
ci_base() {  # EVENT BEFORE BRANCH [BASE_REF] -> the strata command affected.sh ran
  STRATA="$WORK/fake-strata" EVENT="$1" BEFORE="$2" BRANCH="$3" BASE_REF="${4:-}" \
    sh tools/ci/affected.sh lint test build >/dev/null 2>&1
  cat "$WORK/fake-strata.args"
}
git checkout -q -b feature
echo "# note" >contexts/billing/domain/NOTES.md
commit "feature work"
expect_eq "$(ci_base push $zeros feature)" "run-many -t lint test build" \
  "first push of a branch, no origin/main: every project"
expect_eq "$(ci_base pull_request "" feature main)" "run-many -t lint test build" \
  "a pull request whose base ref is missing: every project"
main_sha="$(git rev-parse main)"
expect_eq "$(ci_base push "$main_sha" feature)" "affected -t lint test build --base $main_sha" \
  "a push compares with the commit before it"
expect_eq "$(SHARD=2/2 ci_base push "$main_sha" feature)" "affected -t lint test build --shard 2/2 --base $main_sha" \
  "the matrix's shard is passed on"
git clone -q --bare . "$WORK/origin.git" && git remote add origin "$WORK/origin.git" && git fetch -q origin
expect_eq "$(ci_base push $zeros feature)" "affected -t lint test build --base $main_sha" \
  "first push of a branch: compared with where it left main"
expect_eq "$(ci_base pull_request "" feature main)" "affected -t lint test build --base origin/main" \
  "a pull request compares with its base branch"
expect_eq "$(ci_base push $zeros main)" "run-many -t lint test build" "main's first push: every project"
STRATA="$STRATA" EVENT=push BEFORE=$zeros BRANCH=feature sh tools/ci/affected.sh lint test build \
  >"$WORK/ci.out" 2>&1 && pass || fail "affected.sh with the real strata: $(tail -5 "$WORK/ci.out")"
grep -q "billing-domain:test" "$WORK/ci.out" && pass || fail "it ran the affected project: $(tail -5 "$WORK/ci.out")"
git checkout -q main

# ---- strata new --force keeps what the user wrote ------------------------------

echo "# ours" >>Makefile
rm justfile
st new . --force --no-git
expect_rc 0 "new --force in an existing workspace"
expect_out "create +justfile" "adds the missing file"
expect_out "skip +Makefile" "leaves the edited one"
expect_err "left as they are: Makefile" "and lists what it left alone"
grep -q "# ours" Makefile && pass || fail "--force overwrote the user's Makefile"
git checkout -q -- Makefile justfile

# ---- opting out, and failures ----------------------------------------------------

st generate context audit --lang typescript --skip-install --layers domain
expect_rc 0 "--skip-install"
expect_no_out "Installing" "--skip-install installs nothing"
rm -rf contexts/audit

# A package.json whose dependency cannot be installed: one error line naming
# the step and the command to rerun; the generated files stay.
mkdir -p tools/generators/tool/files
echo '{"description": "A tool", "destination": "tools/__name-kebab__"}' >tools/generators/tool/schema.json
printf '{"name": "t", "private": true, "dependencies": {"missing": "file:../does-not-exist.tgz"}}\n' \
  >tools/generators/tool/files/package.json.tmpl
st generate tool broken_tool
expect_rc 1 "a failing npm install"
expect_eq "$(grep -c '^strata: error' <<<"$ERR")" "1" "one error line"
expect_err "^strata: error: install step 'npm packages \(tools/broken-tool\)' failed: 'npm install" \
  "the error names the step"
expect_err "hint: .*cd $WORK/shop/tools/broken-tool && npm install --no-audit --no-fund" \
  "the hint has the command to rerun"
expect_file tools/broken-tool/package.json "the generated file stays"

# Missing C++ tools are named with their Debian packages.
mkdir -p "$WORK/bin-without-cmake"
for tool in git python3 node npm make; do ln -s "$(command -v $tool)" "$WORK/bin-without-cmake/$tool"; done
PATH="$WORK/bin-without-cmake" "$STRATA" generate context ledger --lang cpp >"$WORK/.out" 2>"$WORK/.err"
RC=$?
ERR="$(cat "$WORK/.err")"
expect_rc 1 "a C++ context on a machine without CMake"
expect_err "needs what this machine lacks: cmake, a C\+\+ compiler \(c\+\+\)" "names what is missing"
expect_err "hint: .*sudo apt-get install -y cmake g\+\+" "and the Debian packages"
expect_file contexts/ledger/domain/CMakeLists.txt "the generated files stay"

finish
