# Helpers of the split-and-serve tests (test_split_python_grpc.sh,
# test_split_python_kafka.sh), sourced after lib.sh: the tools venv first on
# PATH, free ports, strata ps fields, calls through the monolith, and the
# events the monolith's handlers got.

VENV="$SOURCE_DIR/tests/.venv"
if ! "$VENV/bin/python" -c "import fastapi, uvicorn, jwt, grpc, grpc_tools, confluent_kafka, prometheus_client" 2>/dev/null; then
  echo "FAIL: $VENV lacks the generated services' packages; run scripts/install-test-deps" >&2
  exit 1
fi
# The generated serve targets run `python3`: the one with their packages.
export PATH="$VENV/bin:$PATH"
unset STRATA_SERVICE_JWT_KEY STRATA_KAFKA_BOOTSTRAP STRATA_KAFKA_NAMESPACE
# Whatever happens to the test, nothing it started outlives it.
trap '"$STRATA" -C "$WORK/ws" down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

# Three free ports, the second followed by a free one too (a grpc service
# answers health on its port and gRPC on the next), held while picked.
read -r MONO_PORT SERVICE_PORT SECOND_PORT < <(python3 -c '
import socket
def pair():
    while True:
        a = socket.socket(); a.bind(("127.0.0.1", 0))
        b = socket.socket()
        try:
            b.bind(("127.0.0.1", a.getsockname()[1] + 1))
            return a, b
        except OSError:
            a.close()
mono = socket.socket(); mono.bind(("127.0.0.1", 0))
svc, _ = pair()
second = socket.socket(); second.bind(("127.0.0.1", 0))
print(mono.getsockname()[1], svc.getsockname()[1], second.getsockname()[1])')

same_tree() {
  diff -r -x .strata -x .ruff_cache -x .mypy_cache -x __pycache__ "$1" "$2" >"$WORK/.diff" 2>&1
}
ps_field() {
  "$STRATA" ps --json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["processes"]:
    if p["name"] == sys.argv[1]:
        print(p[sys.argv[2]])' "$1" "$2"
}
ps_list_names() {
  "$STRATA" ps --json | python3 -c '
import json, sys
print(" ".join(p["name"] for p in json.load(sys.stdin)["processes"]))'
}
call() { curl -s --noproxy '*' -X POST -d "$2" "http://127.0.0.1:$MONO_PORT/contexts/$1"; }
# scenario CONTEXT: opens one through the monolith, adds an item, reads it
# back; prints the answer with its (random) id replaced.
scenario() {
  local opened id
  opened="$(call "$1/rpc/open" '{"request": {"name": "via monolith", "currency": "EUR"}}')"
  id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["result"])' "$opened" 2>/dev/null)"
  [ -n "$id" ] || { echo "open failed: $opened"; return; }
  call "$1/rpc/add_item" "{\"request\": {\"aggregate_id\": \"$id\", \"sku\": \"s-1\", \"unit_price_cents\": 250, \"quantity\": 2}}" >/dev/null
  call "$1/rpc/get" "{\"aggregate_id\": \"$id\"}" | sed "s/$id/ID/g"
}
# event_types CONTEXT N: the types of the events the monolith's handlers got
# from CONTEXT, sorted (the tests compare which arrived; the generated
# contract tests check their order), once there are N of them (or after 60 s).
event_types() {
  local got=""
  for _ in $(seq 300); do
    got="$(curl -s --noproxy '*' "http://127.0.0.1:$MONO_PORT/events" | python3 -c '
import json, sys
print(" ".join(sorted(e["type"] for e in json.load(sys.stdin).get(sys.argv[1], []))))' "$1" 2>/dev/null)"
    [ "$(wc -w <<<"$got")" -ge "$2" ] && break
    sleep 0.2
  done
  echo "$got"
}
