#!/usr/bin/env bash
# strata split --transport kafka on a Python context end to end: the
# generated service and monolith lint clean; strata up starts a KRaft broker
# (jars cached in the user's cache) before them; the contract suite runs
# in process and over Kafka against that broker with identical results,
# tokens refused, events reaching their handlers through Kafka; a request
# through the monolith reaches the service by request and reply; a call
# without a token is answered 401; the monolith's handlers get the split
# context's events through Kafka, and after a merge the same events in
# process; merging restores the tree byte for byte.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/split/common.sh"
if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "FAIL: java and mvn are needed for the Kafka broker; run scripts/install-test-deps" >&2
  exit 1
fi

st new ws --no-git
cd ws
st generate context billing --lang python --skip-install
expect_rc 0 "generate billing"
st generate context shipping --lang python --skip-install
expect_rc 0 "generate shipping"
printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
cp -a . "$WORK/orig"

st split billing --transport kafka --port "$SERVICE_PORT" --skip-install
expect_rc 0 "split billing over kafka"
pkg=contexts/billing/service/src/billing_service
for f in kafka_client.py kafka_server.py kafka_events.py outbox.py metrics.py health_server.py; do
  expect_file "$pkg/$f" "the kafka service's $f"
done
grep -q 'REQUEST_TOPIC = "strata.billing.requests"' "$pkg/kafka_client.py" && pass || fail "a request topic per context"
st split billing --transport kafka --port "$SERVICE_PORT" --skip-install
expect_out "nothing to change" "split is idempotent"

st run-many -t lint -p billing-service monolith-python
expect_rc 0 "generated code lints (ruff, mypy --strict)"

# up: the broker first, healthy, then the service (health over HTTP once
# its consumer has its partition), then the monolith.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(ps_field kafka health) $(ps_field billing health) $(ps_field monolith-python health)" \
  "healthy healthy healthy" "broker, service and monolith healthy"
export STRATA_KAFKA_BOOTSTRAP="127.0.0.1:$(ps_field kafka port)"

# The contract suite over Kafka, its own service process on the same
# broker (topics of its own): same results, tokens refused, events.
st run-many -t test -p billing-service monolith-python --skip-cache
expect_rc 0 "contract tests in process and over Kafka"
expect_out "10 passed" "the whole suite ran, none skipped"

# Through the monolith: request and reply over the broker.
split_answer="$(scenario billing)"
grep -q '"total_cents": 500' <<<"$split_answer" && pass || fail "billing through the monolith over Kafka: $split_answer"
# Straight onto the request topic without a token: answered 401.
export STRATA_SERVICE_JWT_KEY="$(cat .strata/up/jwt-key)"
refused="$(cd contexts/billing/service && PYTHONPATH=src:../api/src:../domain/src:../application/src:../infrastructure/src python3 -c '
from billing_service.kafka_client import KafkaTransport
t = KafkaTransport(token=lambda: "")
print(t("list_all", b"{}")[0])
t.close()')"
expect_eq "$refused" "401" "a call without a token is refused"
accepted="$(cd contexts/billing/service && PYTHONPATH=src:../api/src:../domain/src:../application/src:../infrastructure/src python3 -c '
from billing_service.kafka_client import KafkaTransport
t = KafkaTransport()
print(t("list_all", b"{}")[0])
t.close()')"
expect_eq "$accepted" "200" "a call with a token signed by up's key is served"
unset STRATA_SERVICE_JWT_KEY
metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SERVICE_PORT/metrics")"
grep -q 'strata_service_requests_total{method="open",status="200"} 1.0' <<<"$metrics" && pass || fail "metrics count the call: $metrics"
grep -q 'strata_service_requests_total{method="list_all",status="401"} 1.0' <<<"$metrics" && pass || fail "metrics count the refusal"
# The split service's events reach the monolith's handlers through Kafka.
expect_eq "$(event_types billing 2)" "BillingOpened ItemAdded" "events of the split context reach the monolith's handlers"
st down
expect_rc 0 "down"

# Merged (shipping split instead, so the monolith runs): billing's events
# reach the same handlers in process.
st merge billing
expect_rc 0 "merge billing"
st split shipping --transport kafka --port "$SERVICE_PORT" --skip-install
expect_rc 0 "split shipping"
st up --detach
expect_rc 0 "up with billing merged: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(scenario billing)" "$split_answer" "billing answers the same in process"
expect_eq "$(event_types billing 2)" "BillingOpened ItemAdded" "events of the merged context reach the handlers in process"
st down
expect_rc 0 "down again"

st merge shipping
expect_rc 0 "merge shipping"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge shipping
expect_out "nothing to change" "merge is idempotent"

finish
