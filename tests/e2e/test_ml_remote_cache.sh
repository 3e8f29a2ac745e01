#!/usr/bin/env bash
# Training restored from the shared remote cache, end to end: two clones of
# a workspace with a model and one real nginx WebDAV remote cache
# (tests/support/dav_server). The first clone trains and uploads; the
# second clone's `strata train` restores the model's artefacts from the
# remote without running the training command (a marker the training code
# writes stays absent), byte for byte, and its `strata evaluate` restores
# the evaluation the same way. Reuses the cached model environment of
# test_ml.sh.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/e2e/ml_venv.sh"

DAV="$SOURCE_DIR/tests/support/dav_server"
PORT="$("$DAV" start "$WORK/dav")" || { echo "test_ml_remote_cache.sh: cannot start nginx" >&2; exit 1; }
trap '"$DAV" stop "$WORK/dav"; rm -rf "$WORK"' EXIT
export STRATA_REMOTE_CACHE_KEY=e2e-secret-key
unset STRATA_REMOTE_CACHE_URL STRATA_REMOTE_CACHE_READ_ONLY STRATA_REMOTE_CACHE_TOKEN
outcome() { json "{m['model']: m['result'] for m in d['models']}.get('$1')"; }
source_of() { json "{m['model']: m.get('source', '') for m in d['models']}.get('$1')"; }
MARKER="$WORK/trained.log"
export STRATA_E2E_TRAIN_MARKER="$MARKER"

st new origin --skip-install --no-git
cd origin
st generate model iris --framework sklearn --skip-install
expect_rc 0 "generate sklearn model"
python3 - "$PORT" <<'PY'
import json, sys
doc = json.load(open("strata.json"))
doc["remoteCache"] = {"url": f"http://127.0.0.1:{sys.argv[1]}", "timeoutMs": 5000}
json.dump(doc, open("strata.json", "w"), indent=2)
PY
# The training code itself records each run, so "did not run" is observed,
# not inferred from Strata's own report. Part of the committed code, so
# both clones hash the same training key.
python3 - models/iris/src/iris_model/train.py <<'PY'
import sys
path = sys.argv[1]
code = open(path).read()
hook = (
    "def _record_run() -> None:\n"
    "    import os\n\n"
    "    marker = os.environ.get(\"STRATA_E2E_TRAIN_MARKER\")\n"
    "    if marker:\n"
    "        with open(marker, \"a\") as f:\n"
    "            f.write(f\"trained in {os.getcwd()}\\n\")\n\n\n"
)
code = code.replace("def main() -> int:\n", hook + "def main() -> int:\n    _record_run()\n", 1)
open(path, "w").write(code)
PY
grep -q "_record_run()" models/iris/src/iris_model/train.py && pass || fail "the training code records its runs"
git_init
cd "$WORK"
clone() { git clone -q "$WORK/origin" "$WORK/$1" && cd "$WORK/$1" && cached_venv models/iris; }

# First clone: trains (the marker says so) and uploads.
clone first
st train --json
expect_rc 0 "first clone trains"
expect_eq "$(outcome iris)" "ran" "first clone: iris trained"
expect_eq "$(grep -c "trained in $WORK/first/" "$MARKER" 2>/dev/null)" "1" "the training command ran once in the first clone"
st evaluate iris --json
expect_rc 0 "first clone evaluates"
expect_file models/iris/artifacts/evaluation.json "first clone: evaluation.json"
UPLOADED="$(find "$WORK/dav/store/ac" -type f | wc -l)"
[ "$UPLOADED" -ge 2 ] && pass || fail "train and evaluate uploaded: $UPLOADED records on the server"

# Second clone: the same training key, restored from the remote.
clone second
st train --explain iris
expect_rc 0 "explain in the second clone"
st train --json
expect_rc 0 "second clone: train"
expect_eq "$(outcome iris)" "restored" "second clone: iris restored, not trained"
expect_eq "$(source_of iris)" "remote" "restored from the remote cache"
expect_eq "$(grep -c "trained in $WORK/second/" "$MARKER" 2>/dev/null)" "0" "the training command did not run in the second clone"
diff -r "$WORK/first/models/iris/artifacts/train" "$WORK/second/models/iris/artifacts/train" >/dev/null &&
  pass || fail "the restored artefacts differ from the trained ones"
for f in model.pkl metrics.json; do
  expect_eq "$(sha256sum <"$WORK/second/models/iris/artifacts/train/$f")" \
    "$(sha256sum <"$WORK/first/models/iris/artifacts/train/$f")" "$f byte-identical"
done
st evaluate iris --json
expect_rc 0 "second clone: evaluate"
expect_eq "$(outcome iris)" "restored" "second clone: evaluation restored"
expect_eq "$(source_of iris)" "remote" "evaluation from the remote cache"
cmp -s "$WORK/first/models/iris/artifacts/evaluation.json" "$WORK/second/models/iris/artifacts/evaluation.json" &&
  pass || fail "evaluation.json differs between the clones"
expect_eq "$(grep -c "trained in $WORK/second/" "$MARKER" 2>/dev/null)" "0" "evaluate did not train either"
# A third train in the second clone is a plain skip (nothing to restore).
st train --json
expect_eq "$(outcome iris)" "skipped" "then the second clone skips"

# A declared params change in the second clone trains there, once.
sed -i 's/"n_estimators": 40/"n_estimators": 45/' models/iris/params.json
st train --json
expect_eq "$(outcome iris)" "ran" "a params change trains in the second clone"
expect_eq "$(grep -c "trained in $WORK/second/" "$MARKER")" "1" "the training command ran for the new key"
finish
