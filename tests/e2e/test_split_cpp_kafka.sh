#!/usr/bin/env bash
# strata split --transport kafka on a C++ context end to end, kept short
# (compiles are slow; test_split_cpp.sh covers what every transport
# shares): the generated service and monolith (Debian's librdkafka C++)
# build with -Werror; strata up starts a KRaft broker (jars cached in the
# user's cache), the service (healthy once it consumes its request topic)
# and the monolith; the contract suite runs in process and over Kafka on
# that broker with identical answers and bad tokens refused; a call through
# the monolith reaches the service by request and reply and is counted on
# its /metrics; the events the service raises reach the monolith's handlers
# through the context's topic, in order (GET /events); merge(split(x)) is
# byte-identical to x.
source "$(dirname "$0")/lib.sh"

source "$SOURCE_DIR/tests/support/split/cpp.sh"
cpp_require librdkafka/rdkafkacpp.h httplib.h nlohmann/json.hpp gtest/gtest.h
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "FAIL: java and mvn are needed for the Kafka broker; run scripts/install-test-deps" >&2
  exit 1
fi

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

billing_workspace

st split billing --transport kafka --port "$SVC_PORT"
expect_rc 0 "split billing over kafka: $ERR"
dir=contexts/billing/service/src/billing/service
for f in kafka_client.cc kafka_server.cc main.cc contract_test.cc; do
  expect_file "$dir/$f" "the kafka service's $f"
done
expect_file apps/monolith-cpp/src/strata_monolith/billing/kafka_client.cc "the monolith's kafka client"
grep -q 'k_request_topic = "strata.billing.requests"' "$dir/kafka_client.h" && pass || fail "a request topic per context"
st split billing --transport kafka --port "$SVC_PORT"
expect_out "nothing to change" "split is idempotent"

st run-many -t build
expect_rc 0 "run-many -t build: $(tail -40 <<<"$OUT")"

# up: the broker first, healthy, then the service, then the monolith.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(ps_field kafka health) $(ps_field billing health) $(ps_field monolith-cpp health)" \
  "healthy healthy healthy" "broker, service and monolith healthy"
export STRATA_KAFKA_BOOTSTRAP="127.0.0.1:$(ps_field kafka port)"

# The contract suite over Kafka, its own service process on the same broker
# (topics of its own): same answers, tokens refused, calls counted.
st run-many -t test --skip-cache
expect_rc 0 "contract tests in process and over Kafka: $(tail -40 <<<"$OUT")"
expect_out "ContractTest.InProcessAndKafkaGiveTheSameAnswers .*Passed" "in process and over Kafka, the same answers"
expect_out "ContractTest.AKafkaCallWithoutATokenIsRefused .*Passed" "no token over Kafka: 401"
expect_out "ContractTest.AKafkaCallSignedWithAnotherKeyIsRefused .*Passed" "another key over Kafka: 401"
expect_out "ContractTest.KafkaCallsAreCountedInTheMetrics .*Passed" "Kafka calls on /metrics"
expect_out "CompositionTest.RoutesEveryContext .*Passed" "the monolith's tests ran"
grep -q "Skipped" <<<"$OUT" && fail "no test skipped: $(grep Skipped <<<"$OUT")" || pass

# Through the monolith: request and reply over the broker.
opened="$(curl -s --noproxy '*' -X POST -d '{"command": {"id": "k-1"}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/open")"
expect_eq "$opened" '{"result":{"id":"k-1","items":[],"status":"open"}}' "a call through the monolith over Kafka"
missing="$(curl -s --noproxy '*' -X POST -d '{"query": {"id": "nobody"}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/get")"
expect_eq "$missing" '{"error":{"kind":"not_found","message":"no Billing nobody"}}' "the contract's error comes back over Kafka"
metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/metrics")"
grep -q 'strata_service_requests_total{service="billing",method="open",status="200"} 1' <<<"$metrics" \
  && pass || fail "/metrics counts the Kafka calls: $metrics"
# The service's outbox relays the calls' events to strata.billing.events; the
# monolith consumes them into its handlers, in the order they were raised.
added="$(curl -s --noproxy '*' -X POST -d '{"command": {"id": "k-1", "sku": "s-1", "quantity": 2}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/add_item")"
expect_eq "$(cut -c1-10 <<<"$added")" '{"result":' "add_item through the monolith: $added"
expect_eq "$(events_after "$MONO_PORT" BillingItemAdded)" \
  '{"billing":[{"data":{"billing_id":"k-1"},"type":"BillingOpened"},{"data":{"billing_id":"k-1","quantity":2,"sku":"s-1"},"type":"BillingItemAdded"}]}' \
  "the service's events reach the monolith's handlers through Kafka, in order: $(tail -5 .strata/up/up.log 2>/dev/null)"
contexts/billing/service/build/billing_service --health-probe "http://127.0.0.1:$SVC_PORT/health" \
  && pass || fail "--health-probe answers 0 while the service is healthy"
st down
expect_rc 0 "down"

st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"

finish
