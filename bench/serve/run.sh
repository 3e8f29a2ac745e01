#!/usr/bin/env bash
# strata serve beside FastAPI and `mlflow models serve` on one TorchScript
# MLP (4 -> 8 -> 3), each on 127.0.0.1, one LibTorch/torch thread each.
# Per server: wrk with 1 connection (sequential latency), wrk with 32
# connections on 2 threads (throughput), and a fixed 1,000 requests/s of
# 1-row requests (client-side p50/p99; for strata also its own histogram).
# Usage: bench/serve/run.sh [path/to/strata]. Never part of CI.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STRATA="$(realpath "${1:-$ROOT/build/strata}")"
MODELS_PY="$HOME/.cache/strata-test/serve-venv/bin/python"  # scripts/install-test-deps
VENV="$HOME/.cache/strata-test/serve-bench-venv"
if [ ! -x "$VENV/bin/mlflow" ]; then
  /usr/bin/python3 -m venv --system-site-packages "$VENV"
  "$VENV/bin/pip" install -q -r "$HERE/requirements.txt"
fi
command -v wrk >/dev/null || { echo "install Debian's wrk" >&2; exit 1; }
WORK="$(mktemp -d /tmp/strata-bench-serve.XXXXXX)"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
cd "$WORK"  # mlflow writes ./mlruns
"$MODELS_PY" "$ROOT/tests/support/serve/make_models.py" "$WORK/repo" >/dev/null
PT="$WORK/repo/mlp/1/model.pt"
echo '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[0.1,0.2,0.3,0.4]}]}' >"$WORK/v2.json"
echo '{"inputs":[[0.1,0.2,0.3,0.4]]}' >"$WORK/mlflow.json"
"$VENV/bin/python" "$HERE/mlflow_model.py" "$PT" "$WORK/mlflow-model" >/dev/null 2>&1

wait_port() {
  for _ in $(seq 600); do curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0; sleep 0.1; done
  echo "server on $1 did not start" >&2
  return 1
}

# measure NAME PORT PATH BODY [strata]
measure() {
  local name=$1 port=$2 path=$3 body=$4
  [ "${5:-}" = strata ] && curl -s "http://127.0.0.1:$port/metrics" >"$WORK/before"
  seq_r=$(BODY_FILE=$body REQ_PATH=$path wrk -t1 -c1 -d5s -s "$HERE/post.lua" "http://127.0.0.1:$port" | grep RESULT)
  par_r=$(BODY_FILE=$body REQ_PATH=$path wrk -t2 -c32 -d5s -s "$HERE/post.lua" "http://127.0.0.1:$port" | grep RESULT)
  [ "${5:-}" = strata ] && curl -s "http://127.0.0.1:$port/metrics" >"$WORK/mid"
  rate_r=$("$VENV/bin/python" "$HERE/rate.py" 127.0.0.1 "$port" "$path" "$body" 1000 5)
  server="-"
  if [ "${5:-}" = strata ]; then
    curl -s "http://127.0.0.1:$port/metrics" >"$WORK/after"
    server=$(python3 "$HERE/server_quantiles.py" "$WORK/mid" "$WORK/after")
  fi
  echo "| $name | $seq_r | $par_r | $rate_r | $server |" | sed 's/RESULT //g'
}

echo "| server | wrk -c1 (sequential) | wrk -c32 (throughput) | 1,000 req/s client-side | 1,000 req/s server-side |"
echo "|---|---|---|---|---|"
for mode in plain batched; do
  flags=()
  [ "$mode" = batched ] && flags=(--max-batch-size 32 --max-queue-delay-us 200)
  "$STRATA" serve mlp:1 --repository "$WORK/repo" --port 18200 "${flags[@]}" 2>/dev/null &
  PIDS+=($!)
  wait_port 18200
  measure "strata serve ($mode)" 18200 /v2/models/mlp/infer "$WORK/v2.json" strata
  kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
done
"$VENV/bin/python" "$HERE/fastapi_server.py" "$PT" 18201 &
PIDS+=($!)
wait_port 18201
measure "FastAPI + uvicorn" 18201 /v2/models/mlp/infer "$WORK/v2.json"
kill "${PIDS[-1]}"; wait "${PIDS[-1]}" 2>/dev/null || true
PATH="$VENV/bin:$PATH" "$VENV/bin/mlflow" models serve -m "$WORK/mlflow-model" --env-manager local -h 127.0.0.1 -p 18202 >/dev/null 2>&1 &
PIDS+=($!)
wait_port 18202
measure "mlflow models serve" 18202 /invocations "$WORK/mlflow.json"
