#!/usr/bin/env bash
# The model registry joined to the inference server, end to end on SQLite
# and on PostgreSQL: a model of each framework (sklearn on the python
# backend, xgboost on the XGBoost C API, pytorch on the TorchScript plugin
# where this build has it) is generated, trained, evaluated, registered and
# promoted to production; `strata serve MODEL@production` resolves them
# through the registry and tritonclient's answers match the frameworks' own
# predictions within 1e-5; for each model a retrained v2 is promoted while
# a multi-thread load runs (no failed request, both versions answer), the
# server follows with --poll, and a rollback brings v1 back; a worse iris is
# refused by the accuracy gate. The same chain (serve_chain) runs again with
# the registry on a real PostgreSQL (tests/support/pg_server) where one is
# installed, on the same workspace: its trains all restore from the
# training cache, so each model trains once per version. Reuses the cached
# model environments of test_ml.sh and the tritonclient environment of
# test_serve.sh.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/e2e/ml_venv.sh"
export STRATA_ACTOR=e2e
unset STRATA_REGISTRY_URL STRATA_DATABASE_URL STRATA_REGISTRY_ARTIFACTS

VENV="${STRATA_SERVE_VENV:-$HOME/.cache/strata-test/serve-venv}"
PY="$VENV/bin/python"
FOLLOW="$SOURCE_DIR/tests/support/serve/follow.py"
if [ ! -x "$PY" ]; then
  fail "missing $PY: run scripts/install-test-deps"
  finish
  exit 1
fi

st new ws --skip-install --no-git
cd ws
st generate model iris --framework sklearn --skip-install
expect_rc 0 "generate sklearn model"
st generate model churn --framework xgboost --skip-install
expect_rc 0 "generate xgboost model"
MODELS="iris churn"
# The TorchScript plugin is a GCC build only (LibTorch 1.13's headers do not
# compile with clang): without it the pytorch model's leg is skipped, said so.
if [ -e "$(dirname "$STRATA")/strata-serve-torch.so" ] && /usr/bin/python3 -c "import torch" 2>/dev/null; then
  st generate model digits --framework pytorch --skip-install
  expect_rc 0 "generate pytorch model"
  MODELS="$MODELS digits"
else
  echo "test_ml_serve.sh: SKIPPED the pytorch model: no strata-serve-torch.so next to $STRATA (a clang build) or no python3-torch" >&2
fi
for m in $MODELS; do cached_venv "models/$m"; done
git_init
st train --json
expect_rc 0 "train"
st evaluate $MODELS --json
expect_rc 0 "evaluate"

# expect MODEL VERSION: the framework's own predictions for the first rows
# of the dataset, from the registered artefacts, into $EXPECTED.
EXPECTED="$WORK/expected.json"
expect() {
  local path
  st model show "$1" "$2" --json
  path="$(json "d['artifacts_path']")"
  "models/$1/.venv/bin/python" - "$1:$2" "$path" models/iris/data/dataset.csv "$EXPECTED" <<'PY'
import csv, json, os, pickle, sys
import numpy as np
key, path, data, out = sys.argv[1:]
rows = [[float(v) for v in r[:4]] for r in list(csv.reader(open(data)))[1:9]]
x = np.array(rows, dtype=np.float32)
if os.path.exists(f"{path}/model.pkl"):
    pred = pickle.load(open(f"{path}/model.pkl", "rb")).predict_proba(x)
elif os.path.exists(f"{path}/model.pt"):
    import torch
    pred = torch.jit.load(f"{path}/model.pt")(torch.from_numpy(x)).detach().numpy()
else:
    import xgboost as xgb
    pred = xgb.Booster(model_file=f"{path}/model.xgb.json").predict(xgb.DMatrix(x))
doc = json.load(open(out)) if os.path.exists(out) else {"query": rows}
doc[key] = np.asarray(pred, dtype=np.float32).tolist()
json.dump(doc, open(out, "w"))
PY
}


# register_all LEG: version 1 of every model registered and promoted to
# production, with the framework's own predictions into $EXPECTED.
register_all() {
  local leg="$1" m
  for m in $MODELS; do
    st model register "$m" --json
    expect_eq "$(json "d['version']")" "1" "$leg: register $m v1"
    st model promote "$m" 1 --to production
    expect_rc 0 "$leg: promote $m 1"
    expect "$m" 1
  done
}

# wait_version MODEL VERSION: until the server's metadata names VERSION (bounded).
wait_version() {
  for _ in $(seq 100); do
    curl -s "$URL/v2/models/$1" | grep -q "\"versions\":\[\"$2\"\]" && return 0
    sleep 0.1
  done
  return 1
}
start() {  # start LABEL ARGS...: the server in the background, $URL, $serve_pid
  local label="$1"
  shift
  "$STRATA" "$@" --port 0 --json --python "$PWD/models/iris/.venv/bin/python" \
    >"$WORK/$label.out" 2>"$WORK/$label.err" &
  serve_pid=$!
  for _ in $(seq 300); do grep -q url "$WORK/$label.out" 2>/dev/null && break; sleep 0.1; done
  URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/$label.out" 2>/dev/null)"
  [ -n "$URL" ] || fail "$label did not start: $(cat "$WORK/$label.err")"
}
check() {  # check MODEL...: tritonclient against $EXPECTED, into RC/OUT/ERR
  "$PY" "$FOLLOW" "$HOSTPORT" "$EXPECTED" check "$@" >"$WORK/check.out" 2>&1
  RC=$? OUT="$(cat "$WORK/check.out")" ERR="$OUT"
}

# swap_under_load LEG MODEL PARAMS_SED TRAINED: retrain MODEL with a params
# change (TRAINED: the train's outcome, "ran" or "restored" from the cache),
# register v2, promote it while 4 tritonclient threads query it (no failed
# request, both versions answer), then roll back; the server follows both.
swap_under_load() {
  local leg="$1" m="$2" log="$WORK/serve-$1.err"
  sed -i "$3" "models/$m/params.json"
  st train "$m" --json
  expect_rc 0 "$leg: retrain $m"
  expect_eq "$(json "d['models'][0]['result']")" "$4" "$leg: $m v2 trained once"
  st evaluate "$m" --json
  expect_rc 0 "$leg: evaluate $m v2"
  st model register "$m" --json
  expect_eq "$(json "d['version']")" "2" "$leg: register $m v2"
  expect "$m" 2
  "$PY" "$FOLLOW" "$HOSTPORT" "$EXPECTED" load 4 "$m" 2 >"$WORK/load.out" 2>&1 &
  load_pid=$!
  sleep 1.5
  st model promote "$m" 2 --to production
  expect_rc 0 "$leg: promote $m 2 under load"
  wait "$load_pid"
  echo "$leg: $m: load during the promotion: $(tail -1 "$WORK/load.out")"
  python3 - "$WORK/load.out" <<'PY' && pass || fail "$leg: $m: promotion under load: $(cat "$WORK/load.out")"
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
assert r["failed"] == 0 and r["ok"] > 50, r
assert r["versions"].get("1", 0) > 0 and r["versions"].get("2", 0) > 0, r
PY
  wait_version "$m" 2 && pass || fail "$leg: serving $m 2 after the promotion"
  grep -q "Model $m: version 1 -> 2" "$log" && pass || fail "$leg: $m swap logged: $(cat "$log")"
  check "$m"
  expect_rc 0 "$leg: tritonclient check of $m version 2"
  expect_out "$m:2 binary=True .* ok" "$leg: $m v2 within 1e-5"

  # Rollback in the registry: the server follows back to v1 (kept loaded).
  st model rollback "$m" --alias production
  expect_rc 0 "$leg: rollback $m"
  wait_version "$m" 1 && pass || fail "$leg: serving $m 1 after the rollback"
  grep -q "Model $m: version 2 -> 1" "$log" && pass || fail "$leg: $m rollback logged: $(cat "$log")"
  check "$m"
  expect_rc 0 "$leg: tritonclient check of $m after the rollback"
  expect_out "$m:1 binary=False .* ok" "$leg: $m v1 again within 1e-5"
}

# gate_refusal LEG TRAINED: a worse iris (v3) is refused by the threshold
# gate, naming gate, value and threshold; production and the server keep 1.
gate_refusal() {
  local leg="$1"
  sed -i 's/"max_depth": 4/"max_depth": 1/; s/"n_estimators": [0-9]*/"n_estimators": 1/' models/iris/params.json
  st train iris --json
  expect_eq "$(json "d['models'][0]['result']")" "$2" "$leg: the worse iris trained once"
  st evaluate iris --json
  st model register iris --json
  expect_eq "$(json "d['version']")" "3" "$leg: register the worse iris v3"
  st model promote iris 3 --to production
  expect_rc 1 "$leg: the gate refuses iris 3"
  expect_err "gate 'accuracy-floor': accuracy 0\.[0-9]* is below the minimum 0\.8" "$leg: gate, value, threshold"
  st model show iris @production --json
  expect_eq "$(json "d['version']")" "1" "$leg: production still holds iris 1"
  check iris
  expect_out "iris:1 binary=True .* ok" "$leg: the server still serves iris 1"
}

# serve_chain LEG TRAINED: `strata serve` every model's production version
# from the registry (--poll), tritonclient checks, a swap under load and a
# rollback per model, a gate refusal, a clean stop.
serve_chain() {
  local leg="$1" served=() m
  for m in $MODELS; do served+=("$m@production"); done
  start "serve-$leg" serve "${served[@]}" --poll 0.3
  grep -q "Models from the registry" "$WORK/serve-$leg.err" && pass ||
    fail "$leg: resolved through the registry: $(cat "$WORK/serve-$leg.err")"
  HOSTPORT="${URL#http://}"
  check $MODELS
  expect_rc 0 "$leg: tritonclient check of version 1"
  for m in $MODELS; do
    for b in True False; do expect_out "$m:1 binary=$b .* ok" "$leg: $m:1 binary=$b within 1e-5"; done
  done
  swap_under_load "$leg" iris 's/"n_estimators": 40/"n_estimators": 60/' "$2"
  swap_under_load "$leg" churn 's/"n_estimators": 30/"n_estimators": 50/' "$2"
  [[ " $MODELS " == *" digits "* ]] && swap_under_load "$leg" digits 's/"epochs": 150/"epochs": 250/' "$2"
  gate_refusal "$leg" "$2"
  # Every model still answers after all the swaps.
  check $MODELS
  expect_rc 0 "$leg: tritonclient check of every model at the end"
  if grep -q "reloading model" "$WORK/serve-$leg.err"; then
    fail "$leg: a reload failed: $(cat "$WORK/serve-$leg.err")"
  else
    pass
  fi
  kill "$serve_pid"
  wait "$serve_pid"
  expect_eq "$?" 0 "$leg: stopped cleanly by SIGTERM"
}

# The PostgreSQL leg starts again from these params, so its every train
# restores from the cache instead of training.
for m in $MODELS; do cp "models/$m/params.json" "$WORK/$m.params.json"; done

# `model serve` reads the registry even before anything is registered.
st model serve iris@production --port 0
expect_rc 1 "model serve with an empty registry"
expect_err "alias 'production' of model 'iris' points at no version" "model serve reads the registry"

register_all sqlite

# The registry's errors: an alias with no holder, one error line, exit 1.
st serve iris@staging --port 0
expect_rc 1 "an alias with no holder"
expect_err "strata: error: .*alias 'staging' of model 'iris' points at no version" "names the alias"
# --repository keeps the directory source even though the workspace has a registry.
mkdir -p "$WORK/empty"
st serve iris@production --repository "$WORK/empty" --port 0
expect_rc 1 "--repository serves from the directory"
expect_err "empty/iris/aliases.json: model 'iris' has no alias 'production'" "the directory, not the registry"

# `strata model serve` is the same code: the registry's production version.
start model-serve model serve iris@production
wait_version iris 1 && pass || fail "model serve serves production's version 1"
kill "$serve_pid"
wait "$serve_pid"
expect_eq "$?" 0 "model serve stopped by SIGTERM"

trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$WORK"' EXIT
serve_chain sqlite ran

# The same chain with the registry on PostgreSQL (STRATA_REGISTRY_URL), on
# the artefacts trained above: every train restores from the cache.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  PG_SERVER="$SOURCE_DIR/tests/support/pg_server"
  SERVER_URL="$("$PG_SERVER" start)" || { echo "test_ml_serve.sh: cannot start PostgreSQL" >&2; exit 1; }
  trap 'kill "$serve_pid" 2>/dev/null; "$PG_SERVER" stop "$SERVER_URL"; rm -rf "$WORK"' EXIT
  st db testdb create --url "$SERVER_URL"
  expect_rc 0 "testdb for the registry"
  export STRATA_REGISTRY_URL="$OUT" STRATA_REGISTRY_ARTIFACTS="$WORK/pg-artifacts"
  EXPECTED="$WORK/expected-pg.json"
  for m in $MODELS; do cp "$WORK/$m.params.json" "models/$m/params.json"; done
  st train --json
  expect_eq "$(json "sorted({m['result'] for m in d['models']})")" "['restored']" "postgres: version 1 restored, not trained"
  st evaluate $MODELS --json
  expect_rc 0 "postgres: evaluate"
  register_all postgres
  serve_chain postgres restored
else
  echo "test_ml_serve.sh: no PostgreSQL server here; the PostgreSQL part did not run" >&2
fi
finish
