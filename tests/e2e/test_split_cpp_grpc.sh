#!/usr/bin/env bash
# strata split --transport grpc on a C++ context end to end, kept short
# (compiles are slow; test_split_cpp.sh covers what http and grpc share):
# the generated service (protoc + grpc_cpp_plugin at build time, Debian's
# gRPC C++) and the monolith build with -Werror and pass their own tests,
# the contract suite in process and over gRPC with identical answers and
# bad tokens refused; a call through the monolith reaches the service over
# gRPC while health and /metrics answer on PORT; merge(split(x)) is
# byte-identical to x.
source "$(dirname "$0")/lib.sh"

source "$SOURCE_DIR/tests/support/split/cpp.sh"
cpp_require grpcpp/grpcpp.h google/protobuf/message.h httplib.h nlohmann/json.hpp gtest/gtest.h librdkafka/rdkafkacpp.h

billing_workspace

st split billing --transport grpc --port "$SVC_PORT"
expect_rc 0 "split billing over grpc: $ERR"
expect_file contexts/billing/service/src/billing/service/billing.proto "the .proto beside the service"
expect_file apps/monolith-cpp/src/strata_monolith/billing/grpc_client.cc "the monolith's grpc client"

st run-many -t build test
expect_rc 0 "run-many -t build test: $(tail -40 <<<"$OUT")"
expect_out "ContractTest.InProcessAndGrpcGiveTheSameAnswers .*Passed" "contract tests in process and over gRPC"
expect_out "ContractTest.AGrpcCallWithoutATokenIsRefused .*Passed" "no token over gRPC: UNAUTHENTICATED"
expect_out "ContractTest.AGrpcCallSignedWithAnotherKeyIsRefused .*Passed" "another key over gRPC: UNAUTHENTICATED"
expect_out "CompositionTest.RoutesEveryContext .*Passed" "the monolith's tests ran"

# Served as `strata up` serves it: the monolith finds the service's gRPC
# port in STRATA_SERVICE_BILLING_URL.
KEY="e2e-signing-key-0123456789abcdef0123"
(cd contexts/billing/service && PORT=$SVC_PORT STRATA_SERVICE_JWT_KEY=$KEY exec ./build/billing_service) \
  >"$WORK/svc.log" 2>&1 &
svc_pid=$!
(cd apps/monolith-cpp && PORT=$MONO_PORT STRATA_SERVICE_JWT_KEY=$KEY \
  STRATA_SERVICE_BILLING_URL="127.0.0.1:$((SVC_PORT + 1))" exec ./build/strata_monolith) >"$WORK/mono.log" 2>&1 &
mono_pid=$!
if wait_health "$SVC_PORT" && wait_health "$MONO_PORT"; then
  pass
  opened="$(curl -s --noproxy '*' -X POST -d '{"command": {"id": "b-1"}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/open")"
  expect_eq "$opened" '{"result":{"id":"b-1","items":[],"status":"open"}}' "a call through the monolith over gRPC"
  missing="$(curl -s --noproxy '*' -X POST -d '{"query": {"id": "nobody"}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/get")"
  expect_eq "$missing" '{"error":{"kind":"not_found","message":"no Billing nobody"}}' "NOT_FOUND comes back as the contract's error"
  metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/metrics")"
  grep -q 'strata_service_requests_total{service="billing",method="open",status="200"} 1' <<<"$metrics" \
    && pass || fail "/metrics counts the gRPC calls: $metrics"
else
  fail "the service or the monolith did not become healthy: $(cat "$WORK/svc.log" "$WORK/mono.log")"
fi
kill "$svc_pid" "$mono_pid" 2>/dev/null
wait "$svc_pid" "$mono_pid" 2>/dev/null

st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"

finish
