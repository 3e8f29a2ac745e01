#!/usr/bin/env bash
# The ML lifecycle's training half and the model registry, end to end: an
# sklearn and an xgboost model (and a PyTorch one where Debian's
# python3-torch is installed) through generate -> train (second run skipped,
# a declared params change retrains only that model, an undeclared one
# retrains nothing, a reverted change restores from the cache) -> evaluate
# -> register -> promote (refused by a gate, by stale data) -> history ->
# rollback, with concurrent promotions from several processes; the registry
# on SQLite, then on a real PostgreSQL (tests/support/pg_server).
#
# Each model's .venv is a link to one built once per requirements file in
# ~/.cache/strata-test/ml-venvs (pip's own cache holds the wheels), so only
# the first run on a machine pays for installing numpy, scikit-learn and
# xgboost; `generate --dry-run` shows the install a user's generate runs.
source "$(dirname "$0")/lib.sh"
export STRATA_ACTOR=e2e
unset STRATA_REGISTRY_URL STRATA_DATABASE_URL
source "$SOURCE_DIR/tests/e2e/ml_venv.sh"

outcome() { json "{m['model']: m['result'] for m in d['models']}.get('$1')"; }

st new ws --skip-install --no-git
cd ws
st generate model iris --framework sklearn --dry-run
expect_out "would install Python environment \(models/iris/.venv\)" "generate plans the model's own venv"
st generate model iris --framework sklearn --skip-install
expect_rc 0 "generate sklearn model"
st generate model churn --framework xgboost --skip-install
expect_rc 0 "generate xgboost model"
MODELS="iris churn"
if /usr/bin/python3 -c "import torch" 2>/dev/null; then
  st generate model digits --framework pytorch --skip-install
  expect_rc 0 "generate pytorch model"
  MODELS="$MODELS digits"
fi
expect_file models/iris/model.json "model config"
expect_file tools/schemas/model.schema.json "model schema"
for m in $MODELS; do cached_venv "models/$m"; done
# Each generated model.json follows the schema (when the test tools are installed).
if "$SOURCE_DIR/tests/.venv/bin/python" -c "import jsonschema" 2>/dev/null; then
  for m in $MODELS; do
    "$SOURCE_DIR/tests/.venv/bin/python" - "models/$m/model.json" tools/schemas/model.schema.json <<'PY' &&
import json, sys, jsonschema
jsonschema.Draft7Validator(json.load(open(sys.argv[2]))).validate(json.load(open(sys.argv[1])))
PY
      pass || fail "models/$m/model.json does not follow model.schema.json"
  done
fi
git_init

# Train: first run trains each model, the second skips them all.
st train --json
expect_rc 0 "first train"
expect_eq "$(outcome iris)/$(outcome churn)" "ran/ran" "first run trains"
expect_file models/iris/artifacts/train/metrics.json "metrics.json"
st train --json
expect_eq "$(json "sorted({m['result'] for m in d['models']})")" "['skipped']" "second run skips every model"

# A declared param retrains only its model; an undeclared one retrains nothing.
sed -i 's/"n_estimators": 40/"n_estimators": 41/' models/iris/params.json
sed -i 's/"title": "churn model"/"title": "churn, renamed"/' models/churn/params.json
st train --explain iris
expect_out "iris would train" "explain says it would train"
expect_out "runtime" "explain lists the declared params input"
st train --json
expect_eq "$(outcome iris)/$(outcome churn)" "ran/skipped" "params change retrains only iris"
st train --affected --files models/churn/params.json --json
expect_eq "$(json "[m['model'] for m in d['models']]")" "['churn']" "--affected picks the changed model"
expect_eq "$(outcome churn)" "skipped" "an undeclared param does not retrain"
sed -i 's/"n_estimators": 41/"n_estimators": 40/' models/iris/params.json
st train iris --json
expect_eq "$(outcome iris)" "restored" "a reverted change restores from the cache"
expect_eq "$(json "d['models'][0]['source']")" "local" "restored from the local cache"

st evaluate iris churn --json
expect_rc 0 "evaluate"
expect_file models/churn/artifacts/evaluation.json "evaluation.json"

# The registry on SQLite.
registry_flow() {
  local label="$1"
  st model register iris --json
  expect_rc 0 "$label: register iris"
  expect_eq "$(json "d['version']")" "1" "$label: first version is 1"
  expect_eq "$(json "d['lineage']['params']['model.n_estimators']")" "40" "$label: lineage params"
  IRIS_PATH="$(json "d['artifacts_path']")"
  expect_eq "$(python3 -c "import json; print(json.load(open('$IRIS_PATH/strata-model.json'))['version'])")" "1" \
    "$label: the registered strata-model.json carries the registry's version"
  st model register churn --json
  expect_rc 0 "$label: register churn"
  expect_eq "$(python3 -c "import json; print(json.load(open('$(json "d['artifacts_path']")/strata-model.json'))['backend'])")" \
    "xgboost" "$label: xgboost export"
  st model list --json
  expect_eq "$(json "len(d)")" "2" "$label: two versions listed"
  st model promote iris 1 --to production
  expect_rc 0 "$label: promote iris 1"
  st model promote churn --to staging
  expect_rc 0 "$label: promote churn latest"

  # A worse version is refused by the threshold gate, naming value and threshold.
  sed -i 's/"max_depth": 4/"max_depth": 1/; s/"n_estimators": 40/"n_estimators": 1/' models/iris/params.json
  st model register iris --json
  expect_eq "$(json "d['version']")" "2" "$label: second version"
  st model promote iris 2 --to production
  expect_rc 1 "$label: gate refuses"
  expect_err "gate 'accuracy-floor': accuracy 0\.5[0-9]* is below the minimum 0\.8" "$label: gate, value, threshold"
  # An evaluation on other data than the current is stale.
  cp models/iris/data/dataset.csv "$WORK/dataset.csv"
  echo "5.0,3.0,1.0,0.2,0" >>models/iris/data/dataset.csv
  st model promote iris 1 --to staging
  expect_rc 1 "$label: stale evaluation refused"
  expect_err "gate 'fresh-evaluation'" "$label: freshness gate named"
  cp "$WORK/dataset.csv" models/iris/data/dataset.csv
  st model history iris --json
  expect_eq "$(json "len(d)")" "1" "$label: refused promotions leave no event"

  BEFORE="$(date -u +%Y-%m-%dT%H:%M:%S.%6NZ)"
  sleep 0.05
  st model promote iris 2 --to production --force --reason drill
  expect_rc 0 "$label: forced promotion"
  st model history iris --alias production --at "$BEFORE" --json
  expect_eq "$(json "d['version']")" "1" "$label: production held 1 before the move"
  st model show iris @production --json
  expect_eq "$(json "d['version']")" "2" "$label: production holds 2"
  st model rollback iris --alias production --json
  expect_rc 0 "$label: rollback"
  expect_eq "$(json "d['version']")" "1" "$label: rolled back to 1"
  st model history iris --alias production --json
  expect_eq "$(json "[(e['action'], e['previous_version'], e['version']) for e in d]")" \
    "[('promote', None, '1'), ('promote', '1', '2'), ('rollback', '2', '1')]" "$label: history"
  st model compare iris 1 2 --json
  expect_eq "$(json "d['params_changed']['model.max_depth']['b']")" "1" "$label: compare params"

  # Concurrent promotions from several processes lose no event.
  local pids=()
  for i in 1 2 3 4 5 6; do
    "$STRATA" model promote churn 1 --to canary --force >/dev/null 2>"$WORK/promote-$i.err" &
    pids+=($!)
  done
  local bad=0
  for p in "${pids[@]}"; do wait "$p" || bad=$((bad + 1)); done
  expect_eq "$bad" "0" "$label: every concurrent promotion succeeded"
  st model history churn --alias canary --json
  expect_eq "$(json "len(d)")" "6" "$label: six events"
  expect_eq "$(json "all(d[i]['previous_version'] == d[i-1]['version'] for i in range(1, len(d)))")" "True" \
    "$label: one unbroken chain"
  git checkout -q -- models/iris/params.json
}
registry_flow sqlite

# Webhooks: every alias move is POSTed to the subscribers, retried on failure.
cat >"$WORK/hook.py" <<'PY'
import http.server, sys
calls = 0
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global calls
        calls += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        with open(sys.argv[1], "a") as f:
            f.write(f"{calls} {body.decode()}\n")
        self.send_response(500 if calls == 1 else 200)  # the first delivery fails
        self.end_headers()
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
open(sys.argv[2], "w").write(str(s.server_port))
s.serve_forever()
PY
python3 "$WORK/hook.py" "$WORK/hooks.log" "$WORK/hook.port" &
HOOK_PID=$!
for _ in $(seq 100); do [ -s "$WORK/hook.port" ] && break; sleep 0.1; done
st model webhook --add "http://127.0.0.1:$(cat "$WORK/hook.port")/hook"
expect_rc 0 "add a webhook"
st model promote churn 1 --to hooked --force
expect_rc 0 "promote with a webhook"
expect_eq "$(wc -l <"$WORK/hooks.log")" "2" "the failed delivery was retried"
expect_eq "$(tail -1 "$WORK/hooks.log" | python3 -c "import json,sys; l=sys.stdin.read().split(' ',1)[1]; e=json.loads(l); print(e['type'], e['event']['alias'], e['event']['version'])")" \
  "alias.moved hooked 1" "the event's body"

# The registry's HTTP API: bearer tokens with roles.
STRATA_REGISTRY_TOKENS=reader:r1,writer:w1,admin:a1 "$STRATA" model api --port 0 --json >"$WORK/api.out" 2>"$WORK/api.err" &
API_PID=$!
trap 'kill "$API_PID" "$HOOK_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q url "$WORK/api.out" 2>/dev/null && break; sleep 0.1; done
API="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/api.out")"
req() {
  CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" ${3:+-H "Authorization: Bearer $3"} \
    -H 'Content-Type: application/json' ${4:+--data-binary "$4"} "$API$2")"
  OUT="$(cat "$WORK/body")"
}
req GET /v1/models
expect_eq "$CODE" "401" "api: no token"
req GET /v1/models r1
expect_eq "$CODE" "200" "api: reader lists"
expect_eq "$(json "len(d['versions'])")" "3" "api: versions"
req GET /v1/models/iris/aliases/production r1
expect_eq "$(json "d['version']")" "1" "api: alias holder"
req POST /v1/models/iris/aliases/production r1 '{"version": "2"}'
expect_eq "$CODE" "403" "api: a reader cannot promote"
req POST /v1/models/iris/aliases/production w1 '{"version": "2"}'
expect_eq "$CODE" "409" "api: the gate refuses"
expect_out "accuracy-floor" "api: refusal names the gate"
req POST /v1/models/iris/aliases/production w1 '{"version": "2", "force": true}'
expect_eq "$CODE" "403" "api: force needs admin"
req POST /v1/models/iris/aliases/production a1 '{"version": "2", "force": true, "reason": "api drill"}'
expect_eq "$CODE" "200" "api: admin forces"
req POST /v1/models/iris/aliases/production/rollback w1 '{}'
expect_eq "$(json "d['version']")" "1" "api: rollback"
expect_eq "$(grep -c '"alias":"production"' "$WORK/hooks.log")" "2" "api moves reach the webhook"
kill "$API_PID" "$HOOK_PID" 2>/dev/null
wait "$API_PID" "$HOOK_PID" 2>/dev/null
trap 'rm -rf "$WORK"' EXIT

# Registered artefacts are immutable: a changed byte is found.
chmod u+w "$IRIS_PATH/model.pkl"
echo tampered >>"$IRIS_PATH/model.pkl"
st model show iris 1
expect_rc 1 "tampered artefacts"
expect_err "changed after they were registered" "tamper detected"

if [ "$MODELS" != "iris churn" ]; then
  st train digits --json
  expect_eq "$(outcome digits)" "skipped" "pytorch model trained once, then skipped"
  st model register digits --json
  expect_rc 0 "register the pytorch model"
  expect_file "$(json "d['artifacts_path']")/model.pt" "TorchScript export"
fi

# The registry on PostgreSQL.
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  PG_SERVER="$SOURCE_DIR/tests/support/pg_server"
  SERVER_URL="$("$PG_SERVER" start)" || { echo "test_ml.sh: cannot start PostgreSQL" >&2; exit 1; }
  trap '"$PG_SERVER" stop "$SERVER_URL"; rm -rf "$WORK"' EXIT
  st db testdb create --url "$SERVER_URL"
  expect_rc 0 "testdb for the registry"
  export STRATA_REGISTRY_URL="$OUT" STRATA_REGISTRY_ARTIFACTS="$WORK/pg-artifacts"
  registry_flow postgres
  # The registry's unit tests, when built beside strata, on this server too.
  REGISTRY_TEST="$(dirname "$STRATA")/tests/registry_test"
  if [ -x "$REGISTRY_TEST" ]; then
    st db testdb create --url "$SERVER_URL"
    if STRATA_TEST_DATABASE_URL="$OUT" "$REGISTRY_TEST" --gtest_filter='*postgres' >"$WORK/unit.log" 2>&1 &&
      ! grep -q SKIPPED "$WORK/unit.log"; then
      pass
    else
      fail "registry unit tests on PostgreSQL: $(tail -20 "$WORK/unit.log")"
    fi
  fi
else
  echo "test_ml.sh: no PostgreSQL server here; the PostgreSQL part did not run" >&2
fi

finish
