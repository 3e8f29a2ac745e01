#!/usr/bin/env bash
# Conformance with Nx: the same fixture workspaces must give the same
# projects, graph edges, task graphs and affected sets under Strata as under
# Nx (pinned in tests/conformance/package.json). Needs Nx from npm; installs
# it when missing and fails when it cannot.
source "$(dirname "$0")/lib.sh"

CONFORMANCE="$SOURCE_DIR/tests/conformance"
if [ ! -f "$CONFORMANCE/node_modules/nx/package.json" ] ||
  [ ! -f "$CONFORMANCE/node_modules/typescript/package.json" ]; then
  "$SOURCE_DIR/scripts/install-test-deps" >&2
fi
if [ ! -f "$CONFORMANCE/node_modules/nx/package.json" ]; then
  fail "Nx is not installed in $CONFORMANCE/node_modules; run scripts/install-test-deps"
  finish
  exit 1
fi

python3 "$CONFORMANCE/run.py" --strata "$STRATA"
RC=$?
if [ "$RC" -eq 0 ]; then pass; else fail "conformance checks failed (exit $RC, see above)"; fi
finish
