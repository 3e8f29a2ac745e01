#!/usr/bin/env bash
# strata split / merge of a TypeScript context on the grpc transport end to
# end: the gate lets it through, the split installs @grpc/grpc-js and
# @grpc/proto-loader without touching package.json or its lock, the
# generated service (the .proto loaded at run time, JWT in the metadata)
# and the composition root build, lint (tsc --strict) and pass their own
# tests (the contract suite in process and over gRPC against the service
# as its own process), the service served by hand (health and /metrics on
# PORT, gRPC on PORT+1, a request through the monolith reaches it, a bad
# token is refused), `strata up` running it, merge(split(x)) byte-identical
# to x, idempotence.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/split/typescript.sh"

# Three free ports, the service's gRPC port being its PORT + 1.
read -r MONO_PORT SVC_PORT < <(python3 -c '
import socket
def pair():
    while True:
        a, b = socket.socket(), socket.socket()
        a.bind(("127.0.0.1", 0))
        try:
            b.bind(("127.0.0.1", a.getsockname()[1] + 1))
            return a, b
        except OSError:
            a.close(); b.close()
m = socket.socket(); m.bind(("127.0.0.1", 0))
a, b = pair()
print(m.getsockname()[1], a.getsockname()[1])')

st new ws --no-git
cd ws
st generate context billing --lang typescript
expect_rc 0 "generate billing"
printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
cp -a . "$WORK/orig"

st split billing --transport grpc --check
expect_rc 0 "the gate lets a TypeScript grpc split through"

st split billing --transport grpc --port "$SVC_PORT"
expect_rc 0 "split billing over grpc"
changed="$(diff -rq -x .strata -x node_modules "$WORK/orig" . | grep -v -E "topology.json|Only in \./?: apps|Only in \./?contexts/billing: service" || true)"
expect_eq "$changed" "" "split changes only the topology, the service and the composition root (not package.json or its lock)"
expect_file contexts/billing/service/billing.proto
expect_file node_modules/@grpc/grpc-js/package.json
expect_file node_modules/@grpc/proto-loader/package.json
head -1 contexts/billing/service/billing.proto | grep -q "^// strata:generated v1 inputs=[0-9a-f]\{64\} from=" \
  && pass || fail "the .proto carries the header: $(head -1 contexts/billing/service/billing.proto)"
st split billing --transport grpc --port "$SVC_PORT"
expect_out "nothing to change" "split is idempotent"

st run-many -t build test lint -p billing-service monolith-typescript
expect_rc 0 "generated code builds, lints and passes its tests"
expect_out "billing-service:test +✔ gives the same results in process and over gRPC" "in process and over gRPC agree"
expect_out "billing-service:test +✔ refuses a call without a token" "no token: UNAUTHENTICATED"
expect_out "billing-service:test ℹ pass 8" "the whole contract suite passed"
expect_out "monolith-typescript:test ℹ pass 1" "the composition root's test passed"

# Served as `strata up` serves it: health and /metrics on PORT, gRPC on PORT+1.
export STRATA_SERVICE_JWT_KEY="e2e-signing-key-0123456789abcdef0123"
(cd contexts/billing/service && PORT=$SVC_PORT exec node dist/main.js) >"$WORK/svc.log" 2>&1 &
PIDS+=($!)
(cd apps/monolith-typescript && PORT=$MONO_PORT STRATA_SERVICE_BILLING_URL="127.0.0.1:$((SVC_PORT + 1))" \
  exec node dist/main.js) >"$WORK/mono.log" 2>&1 &
PIDS+=($!)
if wait_health "$SVC_PORT" && wait_health "$MONO_PORT"; then
  pass
  opened="$(call "$MONO_PORT" open '{"command": {"id": "b-1"}}')"
  expect_eq "$opened" '{"result":{"ok":true,"value":{"id":"b-1","status":"open","items":[]}}}' "open through the monolith over gRPC"
  got="$(call "$MONO_PORT" get '{"query": {"id": "b-1"}}')"
  grep -q '"id":"b-1"' <<<"$got" && pass || fail "a request through the monolith did not reach the service: $got"
  # A client with another key: the service answers UNAUTHENTICATED, the monolith 401.
  refused="$(cd apps/monolith-typescript && STRATA_SERVICE_JWT_KEY=another-key-of-the-same-length-0123456789 node --input-type=module -e "
import { grpcTransport } from './dist/billing/grpc-client.js';
const reply = await grpcTransport('127.0.0.1:$((SVC_PORT + 1))')('get', '{\"query\": {\"id\": \"b-1\"}}');
console.log(reply.status);")"
  expect_eq "$refused" "401" "a token signed with another key is refused"
  metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/metrics")"
  grep -q 'strata_service_requests_total{service="billing",method="get",status="401"} 1' <<<"$metrics" \
    && pass || fail "/metrics counts the refused call: $metrics"
else
  fail "the service or the monolith did not become healthy: $(cat "$WORK/svc.log" "$WORK/mono.log")"
fi
kill "${PIDS[@]}" 2>/dev/null
wait "${PIDS[@]}" 2>/dev/null
PIDS=()
unset STRATA_SERVICE_JWT_KEY

# strata up runs the split system: gRPC on the service's port + 1, the
# monolith told where; a request through the monolith reaches the service.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
st ps --json
expect_eq "$(json "[(p['name'], p['health'], p['port']) for p in d['processes']]")" \
  "[('billing', 'healthy', $SVC_PORT), ('monolith-typescript', 'healthy', $MONO_PORT)]" "ps: both healthy"
call "$MONO_PORT" open '{"command": {"id": "b-2"}}' >/dev/null
got="$(call "$MONO_PORT" addItem '{"command": {"id": "b-2", "sku": "s-1", "quantity": 2}}')"
expect_eq "$got" '{"result":{"ok":true,"value":{"id":"b-2","status":"open","items":[{"sku":"s-1","quantity":2}]}}}' \
  "a request through the monolith reaches the service up runs, over gRPC"
st down
expect_rc 0 "down"

st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge billing
expect_out "nothing to change" "merge is idempotent"

finish
