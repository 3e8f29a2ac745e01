#!/usr/bin/env bash
# strata split --transport grpc on a Python context end to end: the .proto
# generated from the contract (stable field numbers), the generated service
# and monolith linting clean and passing their contract suite (in process
# and over gRPC with identical results, tokens refused with
# UNAUTHENTICATED, events reaching their handlers in process); strata up
# probes health over HTTP on the service's port while the monolith calls it
# over gRPC on the next; metrics count calls per method; with a kafka
# service beside it (so up starts a broker), the grpc service's events reach
# the monolith's handlers through Kafka, and a merged context's events reach
# them in process; merge restores the tree byte for byte, and a contract
# type protobuf cannot carry is refused.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/split/common.sh"

st new ws --no-git
cd ws
st generate context billing --lang python --skip-install
expect_rc 0 "generate billing"
st generate context shipping --lang python --skip-install
expect_rc 0 "generate shipping"
printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
cp -a . "$WORK/orig"

st split billing --transport grpc --port "$SERVICE_PORT" --skip-install
expect_rc 0 "split billing over grpc"
proto=contexts/billing/service/src/billing_service/billing.proto
expect_file "$proto" "the .proto"
head -1 "$proto" | grep -q "^// strata:generated v1 inputs=" && pass || fail "the .proto carries the header"
grep -q "rpc ListAll(ListAllCall) returns (ListAllResult);" "$proto" && pass || fail "one rpc per method: $(cat "$proto")"
grep -q "repeated LineItemDto items = " "$proto" && pass || fail "DTOs become messages"
expect_file apps/monolith-python/src/strata_monolith/billing/grpc_client.py "the monolith's gRPC client"
st split billing --transport grpc --port "$SERVICE_PORT" --skip-install
expect_out "nothing to change" "split is idempotent"
st services list --json
expect_eq "$(json "[(s['name'], s['transport'], s['port']) for s in d]")" \
  "[('billing-service', 'grpc', $SERVICE_PORT)]" "services list"

st run-many -t lint -p billing-service monolith-python
expect_rc 0 "generated code lints (ruff, mypy --strict)"
st run-many -t test -p billing-service monolith-python
expect_rc 0 "contract tests: in process and over gRPC, tokens refused, events"
expect_out "8 passed" "the contract suite ran"

# shipping over kafka beside it: up starts a broker and hands every
# process STRATA_KAFKA_BOOTSTRAP, so split services relay their events.
st split shipping --transport kafka --port "$SECOND_PORT" --skip-install
expect_rc 0 "split shipping over kafka"

# up: health over HTTP on the topology's port, gRPC on the next.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(ps_field billing health) $(ps_field shipping health) $(ps_field monolith-python health)" \
  "healthy healthy healthy" "services and monolith healthy"
split_answer="$(scenario billing)"
grep -q '"total_cents": 500' <<<"$split_answer" && pass || fail "billing through the monolith over gRPC: $split_answer"
grpc_code() {
  python3 -c '
import sys, time, grpc, jwt
metadata = ()
if sys.argv[2]:
    claims = {"iss": "strata", "aud": "billing-service", "exp": int(time.time()) + 60}
    metadata = (("authorization", "Bearer " + jwt.encode(claims, sys.argv[2], algorithm="HS256")),)
with grpc.insecure_channel(sys.argv[1]) as channel:
    call = channel.unary_unary("/strata.billing.BillingService/ListAll")
    try:
        call(b"", timeout=10, metadata=metadata)
        print("OK")
    except grpc.RpcError as e:
        print(e.code().name)' "127.0.0.1:$((SERVICE_PORT + 1))" "$1"
}
expect_eq "$(grpc_code "")" "UNAUTHENTICATED" "a call without a token is refused"
expect_eq "$(grpc_code "another-key-of-the-same-length-0123456789")" "UNAUTHENTICATED" \
  "a token signed with another key is refused"
expect_eq "$(grpc_code "$(cat .strata/up/jwt-key)")" "OK" "a token signed with up's key is served"
metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SERVICE_PORT/metrics")"
grep -q 'strata_service_requests_total{method="open",status="200"} 1.0' <<<"$metrics" && pass || fail "metrics count the call: $metrics"
grep -q 'strata_service_requests_total{method="list_all",status="401"} 2.0' <<<"$metrics" && pass || fail "metrics count the refusals"
grep -q 'strata_service_request_seconds_count{method="get"} 1.0' <<<"$metrics" && pass || fail "a latency histogram per method"
expect_eq "$(event_types billing 2)" "BillingOpened ItemAdded" \
  "the grpc service's events reach the monolith's handlers through Kafka"
st down
expect_rc 0 "down"

# shipping merged, in the monolith's process: its events reach the same
# handlers there (no broker now: nothing uses the kafka transport).
st merge shipping
expect_rc 0 "merge shipping"
st up --detach
expect_rc 0 "up with shipping merged: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(ps_list_names)" "billing monolith-python" "no broker without a kafka service"
shipping_answer="$(scenario shipping)"
grep -q '"total_cents": 500' <<<"$shipping_answer" && pass || fail "shipping in process: $shipping_answer"
expect_eq "$(event_types shipping 2)" "ItemAdded ShippingOpened" "a merged context's events reach the handlers in process"
st down
expect_rc 0 "down with shipping merged"

st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge billing
expect_out "nothing to change" "merge is idempotent"

# A type protobuf cannot carry is refused on the grpc transport only.
port=contexts/billing/api/src/billing_api/port.py
cp "$port" "$WORK/port.py"
printf '\n    def tag(self, groups: list[list[str]]) -> None: ...\n' >>"$port"
st split billing --transport grpc --check
expect_rc 1 "a list of lists over grpc"
expect_err "list\[list\[str\]\] cannot be carried by protobuf" "names the type"
st split billing --transport http --check
expect_rc 0 "the same contract over http"
cp "$WORK/port.py" "$port"

finish
