#!/usr/bin/env bash
# Two strata binaries side by side at a fixed 1,000 requests/s of 1-row
# requests (bench/serve/rate.py, 5 s), unbatched, on the TorchScript MLP of
# tests/support/serve/make_models.py: the server's own p50/p99
# (server_quantiles.py) and the client's, with the load average before and
# after each run. The binaries take turns REPS times, so drift in the
# machine's load falls on both. Usage: bench/serve/rate_ab.sh OLD NEW [REPS]
# (each a strata binary with its plugins beside it). Never part of CI.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MODELS_PY="$HOME/.cache/strata-test/serve-venv/bin/python"  # scripts/install-test-deps
WORK="$(mktemp -d /tmp/strata-bench-ab.XXXXXX)"
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT
"$MODELS_PY" "$ROOT/tests/support/serve/make_models.py" "$WORK/repo" >/dev/null
echo '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[0.1,0.2,0.3,0.4]}]}' >"$WORK/v2.json"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"
for rep in $(seq "${3:-3}"); do
  for bin in "$1" "$2"; do
    "$bin" serve mlp:1 --repository "$WORK/repo" --port "$PORT" 2>/dev/null &
    PID=$!
    for _ in $(seq 300); do curl -s -o /dev/null "$URL/v2/health/ready" && break; sleep 0.1; done
    BODY_FILE="$WORK/v2.json" REQ_PATH=/v2/models/mlp/infer wrk -t1 -c1 -d1s -s "$HERE/post.lua" "$URL" >/dev/null
    curl -s "$URL/metrics" >"$WORK/before"
    load="$(cut -d' ' -f1 /proc/loadavg)"
    client="$(python3 "$HERE/rate.py" 127.0.0.1 "$PORT" /v2/models/mlp/infer "$WORK/v2.json" 1000 5)"
    curl -s "$URL/metrics" >"$WORK/after"
    server="$(python3 "$HERE/server_quantiles.py" "$WORK/before" "$WORK/after")"
    echo "rep $rep $bin load $load-$(cut -d' ' -f1 /proc/loadavg) server $server client $client"
    kill "$PID"
    wait "$PID" || true
    PID=
  done
done
