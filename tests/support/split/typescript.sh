# Helpers of the TypeScript split tests (test_split_typescript.sh, _grpc.sh,
# _kafka.sh), sourced after lib.sh: processes started by hand die with the
# test, as does whatever `strata up` started; the tree compared without
# tool state and build outputs; waiting for a health path; calls through
# the monolith.

# Whatever happens to the test, nothing it started outlives it.
PIDS=()
cleanup() {
  "$STRATA" -C "$WORK/ws" down >/dev/null 2>&1
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT
# The tree as bytes, without tool state and build outputs.
same_tree() {
  diff -r -x .strata -x node_modules -x dist "$1" "$2" >"$WORK/.diff" 2>&1
}
# wait_health PORT: whether GET /health answers 2xx within 15 s.
wait_health() {
  for _ in $(seq 1 150); do
    curl -sf --noproxy '*' "http://127.0.0.1:$1/health" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}
# call PORT METHOD BODY: billing's METHOD through the monolith on PORT.
call() { curl -s --noproxy '*' -X POST -d "$3" "http://127.0.0.1:$1/contexts/billing/rpc/$2"; }
