#!/usr/bin/env bash
# `strata serve` records every inference batch in the workspace's
# .strata/metrics.db (model, version, batch size, duration, outcome) off the
# request path: written every --metrics-flush seconds while serving and at
# shutdown; `strata stats` shows them. A tiny python-backend model, queried
# with curl (KServe v2 JSON).
source "$(dirname "$0")/lib.sh"

VENV="${STRATA_SERVE_VENV:-$HOME/.cache/strata-test/serve-venv}"
PY="$VENV/bin/python"
if ! "$PY" -c "import numpy" 2>/dev/null; then
  fail "missing $PY with numpy: run scripts/install-test-deps"
  finish
  exit 1
fi
echo '{}' > strata.json
mkdir -p repo/double/1
cat > repo/double/1/strata-model.json <<'JSON'
{ "format_version": 1, "name": "double", "version": "1", "backend": "python", "file": "predict.py",
  "inputs":  [ { "name": "x", "datatype": "FP32", "shape": [-1, 2] } ],
  "outputs": [ { "name": "y", "datatype": "FP32", "shape": [-1, 2] } ] }
JSON
cat > repo/double/1/predict.py <<'PYTHON'
import numpy as np


def predict(inputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    x = inputs["x"]
    if (x == -1).any():
        raise ValueError("poisoned row")
    return {"y": x * 2}
PYTHON

start_serve() {  # start_serve FLUSH_SECONDS: $SERVE_PID, $URL
  "$STRATA" serve double --repository repo --port 0 --json --python "$PY" --metrics-flush "$1" \
    >"$WORK/serve.out" 2>"$WORK/serve.err" &
  SERVE_PID=$!
  for _ in $(seq 300); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/serve.out" 2>/dev/null)"
  [ -n "$URL" ] && pass || fail "the server did not start: $(cat "$WORK/serve.err")"
}
trap 'kill "$SERVE_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
infer() {  # infer ROWS-JSON: $CODE
  CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    --data-binary "{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [$2, 2], \"data\": $1}]}" \
    "$URL/v2/models/double/infer")"
}
inference_rows() {
  st stats --json
  python3 -c 'import json,sys; d=json.loads(sys.argv[1]); print(sum(m["batches"] for m in d.get("inference", [])))' "$OUT" 2>/dev/null || echo 0
}

# While serving: rows reach metrics.db within the flush interval.
start_serve 0.2
infer '[1, 2]' 1
expect_eq "$CODE" "200" "an inference"
grep -q '"data":\[2.0,4.0\]' "$WORK/body" && pass || fail "the answer: $(cat "$WORK/body")"
infer '[1, 2, 3, 4, 5, 6]' 3
infer '[-1, 0]' 1
[ "$CODE" != 200 ] && pass || fail "a poisoned row fails"
for _ in $(seq 100); do [ "$(inference_rows)" = 3 ] && break; sleep 0.1; done
expect_eq "$(inference_rows)" "3" "three batches recorded while the server runs"
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null

# A flush interval longer than the run: the rows are written at shutdown.
start_serve 3600
for _ in 1 2 3 4 5; do infer '[1, 1]' 1; done
expect_eq "$(inference_rows)" "3" "buffered, not yet written"
kill -TERM "$SERVE_PID"; wait "$SERVE_PID"; RC=$? ERR="$(cat "$WORK/serve.err")" OUT=""
expect_rc 0 "the server stops cleanly"
expect_eq "$(inference_rows)" "8" "written at shutdown"

st stats --json
expect_rc 0 "stats"
json "[(m['id'], m['model'], m['modelVersion'], m['batches'], m['rows'], m['failures']) for m in d['inference']]" \
  > "$WORK/rows"
expect_eq "$(cat "$WORK/rows")" "[('double:1', 'double', '1', 8, 10, 1)]" "per model version: batches, rows, failures"
expect_eq "$(json "d['inference'][0]['p50Us'] > 0 and d['inference'][0]['p95Us'] >= d['inference'][0]['p50Us']")" \
  "True" "microsecond percentiles"
st stats
expect_out "inference batches" "the terminal table has an inference section"
expect_out "double:1 +8 +10 +1" "with its row"
st stats --json
expect_eq "$(json "len(d['tasks'])")" "0" "batches are not tasks"

# STRATA_METRICS=0: nothing recorded.
STRATA_METRICS=0 start_serve 0.2
infer '[1, 1]' 1
kill -TERM "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null
expect_eq "$(inference_rows)" "8" "STRATA_METRICS=0 records nothing"

finish
