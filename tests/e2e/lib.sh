# Helpers for end-to-end tests: each test script sources this file, builds a
# workspace in a temporary directory, runs the real strata binary on it and
# asserts on exit codes, output and files.
set -uo pipefail

: "${STRATA:?set STRATA to the strata binary}"
STRATA="$(realpath "$STRATA")"
SOURCE_DIR="${STRATA_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export NO_COLOR=1 CI=true
WORK="$(mktemp -d /tmp/strata-e2e.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
PASSED=0
FAILED=0

fail() {
  echo "FAIL: $*" >&2
  FAILED=$((FAILED + 1))
}
pass() {
  PASSED=$((PASSED + 1))
}

# st ARGS...: runs strata, leaving stdout in $OUT, stderr in $ERR, code in $RC.
st() {
  "$STRATA" "$@" >"$WORK/.out" 2>"$WORK/.err"
  RC=$?
  OUT="$(cat "$WORK/.out")"
  ERR="$(cat "$WORK/.err")"
}

expect_rc() {
  if [ "$RC" -eq "$1" ]; then pass; else fail "$2: exit $RC, expected $1; stderr: $ERR; stdout: ${OUT:0:2000}"; fi
}
expect_out() {
  if grep -qE -- "$1" <<<"$OUT"; then pass; else fail "$2: stdout lacks /$1/: ${OUT:0:3000}"; fi
}
expect_no_out() {
  if grep -qE -- "$1" <<<"$OUT"; then fail "$2: stdout has /$1/: ${OUT:0:3000}"; else pass; fi
}
expect_err() {
  if grep -qE -- "$1" <<<"$ERR"; then pass; else fail "$2: stderr lacks /$1/: $ERR"; fi
}
expect_file() {
  if [ -e "$1" ]; then pass; else fail "$2: missing file $1"; fi
}
expect_eq() {
  if [ "$1" == "$2" ]; then pass; else fail "$3: got '$1', expected '$2'"; fi
}

# json EXPR [FILE]: prints the Python expression EXPR, where `d` is the JSON
# document in FILE, else in $OUT. The one JSON reader of the e2e scripts
# (Python is a declared test dependency; jq is not used).
json() {
  if [ $# -ge 2 ]; then
    python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($1)" "$2"
  else
    python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <<<"$OUT"
  fi
}

git_init() {
  git init -q -b main
  git add -A
  git -c user.name=t -c user.email=t@example.invalid commit -qm init
}

finish() {
  echo "$(basename "$0"): $PASSED passed, $FAILED failed"
  [ "$FAILED" -eq 0 ]
}

# Imports the base image tarball $1/$2.tar as localhost/$2:bookworm into the
# podman store the caller configured, once per version of the tarball: a
# rebuilt tarball (new recipe) replaces the image a shared store kept.
import_base_image() {
  local tar="$1/$2.tar" stamp="$1/$2.imported" id
  id="$(stat -c '%s-%Y' "$tar")"
  if podman image exists "localhost/$2:bookworm" && [ "$(cat "$stamp" 2>/dev/null)" = "$id" ]; then
    return 0
  fi
  podman import -q "$tar" "localhost/$2:bookworm" >/dev/null && echo "$id" >"$stamp"
}
