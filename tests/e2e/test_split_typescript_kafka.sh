#!/usr/bin/env bash
# strata split --transport kafka on a TypeScript context end to end: the
# split installs kafkajs without touching package.json or its lock; the
# generated service and composition root build and lint (tsc --strict);
# strata up starts a KRaft broker (jars cached in the user's cache), then
# the service (healthy once its consumer has its partition), then the
# monolith; the contract suite runs in process and over Kafka against that
# broker with identical results and tokens refused; a request through the
# monolith reaches the service by request and reply; a call with a token
# signed by another key is answered 401; split on http instead, the
# service relays its events to the same broker and the monolith's handlers
# get them; merge restores the tree byte for byte.
source "$(dirname "$0")/lib.sh"
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "FAIL: java and mvn are needed for the Kafka broker; run scripts/install-test-deps" >&2
  exit 1
fi
source "$SOURCE_DIR/tests/support/split/typescript.sh"
unset STRATA_SERVICE_JWT_KEY STRATA_KAFKA_BOOTSTRAP STRATA_KAFKA_NAMESPACE
read -r MONO_PORT SVC_PORT HTTP_MONO_PORT HTTP_SVC_PORT < <(python3 -c '
import socket
held = [socket.socket() for _ in range(4)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')
ps_field() {
  "$STRATA" ps --json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["processes"]:
    if p["name"] == sys.argv[1]:
        print(p[sys.argv[2]])' "$1" "$2"
}
# events_after PORT TYPE: the monolith's GET /events once TYPE is among them (or after 30 s).
events_after() {
  local events=""
  for _ in $(seq 1 300); do
    events="$(curl -s --noproxy '*' "http://127.0.0.1:$1/events")"
    grep -q "$2" <<<"$events" && break
    sleep 0.1
  done
  echo "$events"
}

st new ws --no-git
cd ws
st generate context billing --lang typescript
expect_rc 0 "generate billing"
printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
cp -a . "$WORK/orig"

st split billing --transport kafka --port "$SVC_PORT"
expect_rc 0 "split billing over kafka"
changed="$(diff -rq -x .strata -x node_modules "$WORK/orig" . | grep -v -E "topology.json|Only in \./?: apps|Only in \./?contexts/billing: service" || true)"
expect_eq "$changed" "" "split changes only the topology, the service and the composition root (not package.json or its lock)"
expect_file node_modules/kafkajs/package.json
grep -q 'REQUEST_TOPIC = "strata.billing.requests"' contexts/billing/service/src/kafka-client.ts && pass || fail "the request topic Python's services use"
st split billing --transport kafka --port "$SVC_PORT"
expect_out "nothing to change" "split is idempotent"

st run-many -t build lint -p billing-service monolith-typescript
expect_rc 0 "generated code builds and lints (tsc --strict)"

# up: the broker first, then the service (healthy once its consumer has its
# partition), then the monolith.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(ps_field kafka health) $(ps_field billing health) $(ps_field monolith-typescript health)" \
  "healthy healthy healthy" "broker, service and monolith healthy"
export STRATA_KAFKA_BOOTSTRAP="127.0.0.1:$(ps_field kafka port)"

# The contract suite over Kafka, its own service process on the same broker
# (topics of their own): same results, tokens refused.
st run-many -t test -p billing-service monolith-typescript --skip-cache
expect_rc 0 "contract tests in process and over Kafka: $(grep -E 'not ok|Error' <<<"$OUT" | head -5)"
expect_out "billing-service:test +✔ gives the same results in process and over Kafka" "in process and over Kafka agree"
expect_out "billing-service:test ℹ pass 6" "the whole suite ran"
expect_out "billing-service:test ℹ skipped 0" "none skipped"

# Through the monolith: request and reply over the broker.
opened="$(call "$MONO_PORT" open '{"command": {"id": "b-1"}}')"
expect_eq "$opened" '{"result":{"ok":true,"value":{"id":"b-1","status":"open","items":[]}}}' "open through the monolith over Kafka"
got="$(call "$MONO_PORT" addItem '{"command": {"id": "b-1", "sku": "s-1", "quantity": 2}}')"
expect_eq "$got" '{"result":{"ok":true,"value":{"id":"b-1","status":"open","items":[{"sku":"s-1","quantity":2}]}}}' \
  "a second call through the monolith"
# The service's outbox relays the calls' events to the context's topic; the
# monolith consumes them and delivers them to billing's handlers there.
expect_eq "$(events_after "$MONO_PORT" billing.item_added)" '{"billing":[{"type":"billing.opened","data":{"billingId":"b-1"}},{"type":"billing.item_added","data":{"billingId":"b-1","sku":"s-1","quantity":2}}]}' \
  "events through Kafka reach the monolith's handlers"
# Straight onto the request topic with a token signed by another key: 401.
refused="$(cd apps/monolith-typescript && STRATA_SERVICE_JWT_KEY=another-key-of-the-same-length-0123456789 node --input-type=module -e "
import { kafkaTransport } from './dist/billing/kafka-client.js';
const t = kafkaTransport();
console.log((await t('get', '{\"query\": {\"id\": \"b-1\"}}')).status);
await t.close();")"
expect_eq "$refused" "401" "a token signed with another key is refused"
metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/metrics")"
grep -q 'strata_service_requests_total{service="billing",method="open",status="200"} 1' <<<"$metrics" \
  && pass || fail "metrics count the call: $metrics"
grep -q 'strata_service_requests_total{service="billing",method="get",status="401"} 1' <<<"$metrics" \
  && pass || fail "metrics count the refusal: $metrics"

# Split on http instead: the service's outbox relays to the same broker
# (STRATA_KAFKA_BOOTSTRAP; topics and groups of their own beside up's) and
# the monolith consumes its events. Run by hand while up's broker serves.
st split billing --transport http --port "$HTTP_SVC_PORT"
expect_rc 0 "split billing over http"
expect_file contexts/billing/service/src/kafka-events.ts
st run-many -t build -p billing-service monolith-typescript
expect_rc 0 "the http service and its monolith build with the relay"
export STRATA_SERVICE_JWT_KEY="e2e-signing-key-0123456789abcdef0123"
export STRATA_KAFKA_NAMESPACE="e2e-http-$$."
(cd contexts/billing/service && PORT=$HTTP_SVC_PORT exec node dist/main.js) >"$WORK/svc.log" 2>&1 &
PIDS+=($!)
(cd apps/monolith-typescript && PORT=$HTTP_MONO_PORT STRATA_SERVICE_BILLING_URL="http://127.0.0.1:$HTTP_SVC_PORT" \
  exec node dist/main.js) >"$WORK/mono.log" 2>&1 &
PIDS+=($!)
if wait_health "$HTTP_SVC_PORT" && wait_health "$HTTP_MONO_PORT"; then
  call "$HTTP_MONO_PORT" open '{"command": {"id": "h-1"}}' >/dev/null
  call "$HTTP_MONO_PORT" addItem '{"command": {"id": "h-1", "sku": "s-1", "quantity": 1}}' >/dev/null
  expect_eq "$(events_after "$HTTP_MONO_PORT" billing.item_added)" \
    '{"billing":[{"type":"billing.opened","data":{"billingId":"h-1"}},{"type":"billing.item_added","data":{"billingId":"h-1","sku":"s-1","quantity":1}}]}' \
    "events of a service split on http reach the monolith's handlers through Kafka: $(cat "$WORK/svc.log" "$WORK/mono.log")"
else
  fail "the http service or its monolith did not become healthy: $(cat "$WORK/svc.log" "$WORK/mono.log")"
fi
kill "${PIDS[@]}" 2>/dev/null
wait "${PIDS[@]}" 2>/dev/null
PIDS=()
unset STRATA_KAFKA_BOOTSTRAP STRATA_KAFKA_NAMESPACE STRATA_SERVICE_JWT_KEY
st down
expect_rc 0 "down"

st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge billing
expect_out "nothing to change" "merge is idempotent"

finish
