#!/usr/bin/env bash
# `strata serve` end to end: tiny models trained by their own frameworks
# (TorchScript MLP with Debian's torch, XGBoost with PyPI xgboost-cpu 3.0.5,
# a scikit-learn pipeline behind the python backend), served from a model
# repository, queried with PyPI tritonclient (binary and JSON) against the
# frameworks' own predictions; hostile requests; a version swap under load
# with no failed request; rollback; a crashed Python worker restarted.
source "$(dirname "$0")/lib.sh"

VENV="${STRATA_SERVE_VENV:-$HOME/.cache/strata-test/serve-venv}"
PY="$VENV/bin/python"
SUPPORT="$SOURCE_DIR/tests/support/serve"
if [ ! -x "$PY" ] || [ ! -e "$(dirname "$STRATA")/strata-serve-torch.so" ]; then
  fail "missing $PY or the LibTorch plugin: run scripts/install-deps and scripts/install-test-deps, then rebuild"
  finish
  exit 1
fi

"$PY" "$SUPPORT/make_models.py" "$WORK/repo" >/dev/null || fail "training the models"
echo '{"production": "1"}' >"$WORK/repo/mlp/aliases.json"

# A model that does not exist: one error line, exit 1, nothing served.
st serve nothere --repository "$WORK/repo" --port 0
expect_rc 1 "unknown model"
expect_err "strata: error: .*no version of model 'nothere'" "unknown model message"
st serve "bad/name" --repository "$WORK/repo"
expect_rc 2 "invalid model spec"

"$STRATA" serve mlp@production boost pipeline --repository "$WORK/repo" --port 0 --json --python /usr/bin/python3 \
  --max-batch-size 16 --preferred-batch-size 4 --max-queue-delay-us 300 --instances 2 \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 300); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/serve.out" 2>/dev/null)"
[ -n "$URL" ] || fail "the server did not start: $(cat "$WORK/serve.err")"
HOSTPORT="${URL#http://}"

# Every backend, binary and JSON, within 1e-5 of the framework's predictions.
"$PY" "$SUPPORT/query.py" "$HOSTPORT" "$WORK/repo" check >"$WORK/check.out" 2>&1
RC=$? ERR="$(cat "$WORK/check.out")" OUT="$ERR"
expect_rc 0 "tritonclient check"
for m in mlp:1 boost:1 pipeline:1; do
  for b in True False; do expect_out "$m binary=$b .* ok" "$m binary=$b within 1e-5"; done
done

# req METHOD PATH [BODY] [HEADER]: $CODE, $BODY.
req() {
  CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" ${4:+-H "$4"} ${3:+--data-binary "$3"} "$URL$2")"
  BODY="$(cat "$WORK/body")"
}
expect_code() {
  if [ "$CODE" = "$1" ]; then pass; else fail "$2: HTTP $CODE, expected $1: $BODY"; fi
}
req GET /v2/health/live
expect_code 200 "live"
req GET /v2
expect_code 200 "server metadata"
req GET /v2/models/nothere
expect_code 404 "unknown model metadata"
grep -q '"error":"' "$WORK/body" && pass || fail "errors are {\"error\": string}: $BODY"
IN='"inputs":[{"name":"input","datatype":"FP32","shape":[1,4]'
req POST /v2/models/mlp/infer "{$IN,\"data\":[1,2,3]}]}"
expect_code 400 "data shorter than its shape"
req POST /v2/models/mlp/infer "{$IN,\"parameters\":{\"binary_data_size\":16}}]}" "Inference-Header-Content-Length: 999999999"
expect_code 400 "header length past the body"
req POST /v2/models/mlp/infer "{$IN,\"parameters\":{\"binary_data_size\":4096}}]}" "Inference-Header-Content-Length: 90"
expect_code 400 "binary size past the body"
req POST /v2/models/mlp/infer '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]'
expect_code 400 "truncated JSON"
req POST /v2/models/mlp/infer '{"inputs":[{"name":"input","datatype":"FP64","shape":[1,4],"data":[1,2,3,4]}]}'
expect_code 400 "wrong datatype"
big="X-Big: $(head -c 70000 /dev/zero | tr '\0' a)"
req GET /v2/health/live "" "$big"
expect_code 431 "headers over the limit"
req GET /v2/health/live
expect_code 200 "alive after hostile requests"

# A Python worker that dies is restarted: the request it died on fails, the next succeeds.
req POST /v2/models/pipeline/infer '{"inputs":[{"name":"input","datatype":"FP64","shape":[1,4],"data":[-999,0,0,0]}]}'
expect_code 500 "request that crashes the worker"
req POST /v2/models/pipeline/infer '{"inputs":[{"name":"input","datatype":"FP64","shape":[1,4],"data":[0,0,0,0]}]}'
expect_code 200 "worker restarted"

# Swap the production alias to version 2 under load: no request fails.
"$PY" "$SUPPORT/query.py" "$HOSTPORT" "$WORK/repo" load 4 mlp >"$WORK/load.out" 2>&1 &
load_pid=$!
sleep 1.5
echo '{"production": "2"}' >"$WORK/repo/mlp/aliases.json.tmp" && mv "$WORK/repo/mlp/aliases.json.tmp" "$WORK/repo/mlp/aliases.json"
kill -HUP "$serve_pid"
wait "$load_pid"
python3 - "$WORK/load.out" <<'PY' && pass || fail "swap under load: $(cat "$WORK/load.out")"
import json, sys
r = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
assert r["failed"] == 0 and r["ok"] > 50, r
assert r["versions"].get("1", 0) > 0 and r["versions"].get("2", 0) > 0, r
PY
req GET /v2/models/mlp
grep -q '"versions":\["2"\]' "$WORK/body" && pass || fail "serving version 2 after the swap: $BODY"
grep -q "Model mlp: version 1 -> 2" "$WORK/serve.err" && pass || fail "swap logged: $(cat "$WORK/serve.err")"
# The previous version stays loaded: addressable by version, and one call rolls back to it.
req POST /v2/models/mlp/versions/1/infer '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}'
expect_code 200 "previous version still loaded"
req POST /v2/repository/models/mlp/rollback
expect_code 200 "rollback"
grep -q '"version":"1"' "$WORK/body" && pass || fail "rolled back to 1: $BODY"
req POST /v2/repository/models/mlp/load
grep -q '"changed":false' "$WORK/body" && pass || fail "a reload keeps the rollback while the alias is unchanged: $BODY"

req GET /metrics
grep -q 'strata_serve_requests_total{model="mlp",version="2",outcome="success"} [1-9]' "$WORK/body" && pass ||
  fail "per-version request counter: $(grep strata_serve_requests "$WORK/body")"
grep -q 'strata_serve_queue_duration_seconds_count{model="boost",version="1"} [1-9]' "$WORK/body" && pass ||
  fail "queue time histogram"
grep -q 'strata_serve_compute_duration_seconds_bucket{model="pipeline",version="1",le="+Inf"} [1-9]' "$WORK/body" && pass ||
  fail "compute time histogram"

kill "$serve_pid"
wait "$serve_pid"
expect_eq "$?" 0 "stopped cleanly by SIGTERM"
grep -q Stopped "$WORK/serve.err" && pass || fail "stop logged"

# --token-env: the token comes from the environment, every endpoint needs it.
st serve boost --repository "$WORK/repo" --token-env SERVE_TEST_TOKEN
expect_rc 2 "--token-env naming an unset variable"
SERVE_TEST_TOKEN=s3cret "$STRATA" serve boost --repository "$WORK/repo" --port 0 --json --token-env SERVE_TEST_TOKEN \
  >"$WORK/serve2.out" 2>"$WORK/serve2.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q url "$WORK/serve2.out" 2>/dev/null && break; sleep 0.1; done
URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/serve2.out" 2>/dev/null)"
req GET /v2/models/boost
expect_code 401 "no token"
req GET /v2/models/boost "" "Authorization: Bearer s3cret"
expect_code 200 "with the token"
kill "$serve_pid"
wait "$serve_pid"
finish
