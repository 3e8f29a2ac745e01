#!/usr/bin/env bash
# strata split / merge on a C++ context end to end: the generated service
# (strict codec, HTTP server and client on cpp-httplib, HS256 JWTs) and the
# C++ monolith build with -Werror and pass their own tests through
# `strata run-many` (the contract suite in process and against the service
# as its own process, tokens refused); the service serves as `strata up`
# runs it (health, 401 for a bad token, /metrics, a call through the
# monolith; the events of a context left in the monolith reach its handlers
# there, in order, on GET /events); a stale generated file fails the build; `strata up` runs the
# split system; merge(split(x)) is byte-identical to x; splits commute; the
# gate refuses an undeclared environment variable; a fault mid-way leaves
# the workspace as it was.
source "$(dirname "$0")/lib.sh"

source "$SOURCE_DIR/tests/support/split/cpp.sh"
cpp_require httplib.h openssl/hmac.h nlohmann/json.hpp gtest/gtest.h librdkafka/rdkafkacpp.h
# token KEY AUDIENCE SECONDS: an HS256 JWT made with Python's standard
# library, not with the generated code, expiring SECONDS from now.
token() {
  python3 - "$@" <<'PY'
import base64, hashlib, hmac, json, sys, time
def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
key, aud, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3])
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
claims = b64(json.dumps({"iss": "strata", "aud": aud, "exp": int(time.time()) + seconds}).encode())
sig = b64(hmac.new(key.encode(), f"{head}.{claims}".encode(), hashlib.sha256).digest())
print(f"{head}.{claims}.{sig}")
PY
}
# rpc PORT METHOD BODY [TOKEN]: prints "STATUS BODY".
rpc() {
  local out
  out="$(curl -s --noproxy '*' -w '\n%{http_code}' -X POST ${4:+-H "Authorization: Bearer $4"} \
    -d "$3" "http://127.0.0.1:$1/rpc/$2")"
  echo "${out##*$'\n'} ${out%$'\n'*}"
}

billing_workspace
# A second C++ context stays in the monolith, which builds it on its outbox.
st generate context shipping --lang cpp --skip-install
expect_rc 0 "generate shipping"
rm -rf "$WORK/orig" && cp -a . "$WORK/orig"

st split billing --check
expect_rc 0 "split --check"
expect_out "billing can be split" "the gate passes a C++ context"
st split billing --transport http --port "$SVC_PORT"
expect_rc 0 "split billing"
for f in contexts/billing/service/project.json contexts/billing/service/src/billing/service/codec.cc \
  contexts/billing/service/src/billing/service/contract_test.cc apps/monolith-cpp/src/strata_monolith/composition.cc; do
  expect_file "$f" "generated $f"
done
changed="$(diff -rq -x .strata "$WORK/orig" . | grep -v -E "Files \./?topology.json|topology.json differ|Only in \./?: apps|Only in \./?contexts/billing: service" || true)"
expect_eq "$changed" "" "split changes only the topology, the service and the composition root"
head -1 contexts/billing/service/src/billing/service/codec.h | grep -q "^// strata:generated v1 inputs=" \
  && pass || fail "generated files carry the header"
st split billing --transport http --port "$SVC_PORT"
expect_out "nothing to change" "split is idempotent"
st services list --json
expect_eq "$(json "[(s['name'], s['transport'], s['port'], s['mode'], s['generated']) for s in d]")" \
  "[('billing-service', 'http', $SVC_PORT, 'service', 'current')]" "services list"

# The generated code builds with -Werror and passes its own tests.
st run-many -t build test
expect_rc 0 "run-many -t build test: $(tail -40 <<<"$OUT")"
expect_out "ContractTest.InProcessAndHttpGiveTheSameAnswers .*Passed" "contract tests in process and over HTTP"
expect_out "ContractTest.ATokenSignedWithAnotherKeyIsRefused .*Passed" "the token suite ran"
expect_out "CompositionTest.RoutesEveryContext .*Passed" "the monolith's tests ran"

# Served as `strata up` serves it: the serve target's binary with PORT and
# the key; a call through the monolith reaches it.
KEY="e2e-signing-key-0123456789abcdef0123"
(cd contexts/billing/service && PORT=$SVC_PORT STRATA_SERVICE_JWT_KEY=$KEY exec ./build/billing_service) \
  >"$WORK/svc.log" 2>&1 &
svc_pid=$!
(cd apps/monolith-cpp && PORT=$MONO_PORT STRATA_SERVICE_JWT_KEY=$KEY \
  STRATA_SERVICE_BILLING_URL="http://127.0.0.1:$SVC_PORT" exec ./build/strata_monolith) >"$WORK/mono.log" 2>&1 &
mono_pid=$!
if wait_health "$SVC_PORT" && wait_health "$MONO_PORT"; then
  pass
  good="$(token "$KEY" billing-service 60)"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}')" \
    '401 {"error": {"kind": "unauthorized", "message": "a valid token is required"}}' "no token: 401"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}' "not.a.token" | cut -c1-3)" "401" "a malformed token: 401"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}' "$(token other-key-0123456789 billing-service 60)" | cut -c1-3)" \
    "401" "a token signed with another key: 401"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}' "$(token "$KEY" billing-service -60)" | cut -c1-3)" \
    "401" "an expired token: 401"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}' "$(token "$KEY" shipping-service 60)" | cut -c1-3)" \
    "401" "a token for another service: 401"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}' "$good")" \
    '404 {"error":{"kind":"not_found","message":"no Billing b-1"}}' "a valid token: the call runs"
  expect_eq "$(rpc "$SVC_PORT" open '{"command": {"id": 7}}' "$good" | cut -c1-3)" "400" "a wrong type: 400"
  expect_eq "$(rpc "$SVC_PORT" open '{"command": {"id": "b-1", "extra": 1}}' "$good" | cut -c1-3)" "400" \
    "an unknown field: 400"
  opened="$(curl -s --noproxy '*' -X POST -d '{"command": {"id": "b-1"}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/open")"
  expect_eq "$opened" '{"result":{"id":"b-1","items":[],"status":"open"}}' "a call through the monolith"
  expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "b-1"}}' "$good")" \
    '200 {"result":{"id":"b-1","items":[],"status":"open"}}' "it reached the service"
  # shipping runs in the monolith: the events its calls raise reach the
  # handlers there, through the outbox, in order; billing's stay in its
  # service (no brokers).
  for call in 'open {"command": {"id": "s-1"}}' 'add_item {"command": {"id": "s-1", "sku": "k-1", "quantity": 2}}'; do
    curl -s --noproxy '*' -o /dev/null -X POST -d "${call#* }" "http://127.0.0.1:$MONO_PORT/contexts/shipping/rpc/${call%% *}"
  done
  expect_eq "$(curl -s --noproxy '*' "http://127.0.0.1:$MONO_PORT/events")" \
    '{"billing":[],"shipping":[{"data":{"shipping_id":"s-1"},"type":"ShippingOpened"},{"data":{"quantity":2,"shipping_id":"s-1","sku":"k-1"},"type":"ShippingItemAdded"}]}' \
    "a local context's events reach the monolith's handlers, in order (GET /events)"
  metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/metrics")"
  grep -q 'strata_service_requests_total{service="billing",method="get",status="401"} 5' <<<"$metrics" \
    && pass || fail "/metrics counts the refused calls: $metrics"
  grep -q 'strata_service_requests_total{service="billing",method="open",status="200"} 1' <<<"$metrics" \
    && pass || fail "/metrics counts the served calls: $metrics"
else
  fail "the service or the monolith did not become healthy: $(cat "$WORK/svc.log" "$WORK/mono.log")"
fi
kill "$svc_pid" "$mono_pid" 2>/dev/null
wait "$svc_pid" "$mono_pid" 2>/dev/null

# A hand edit of an input makes the generated files stale: the build fails.
cp topology.json "$WORK/topology.json"
sed -i 's/"replicas": 1/"replicas": 2/' topology.json
st run billing-service:build
expect_rc 1 "a stale generated file fails the build"
grep -q "contexts/billing/service/src/billing/service/main.cc: stale" <<<"$OUT$ERR" && pass \
  || fail "says which file is stale: $OUT $ERR"
st services list --json
expect_eq "$(json "d[0]['generated']")" "stale" "services list reports stale files"
cp "$WORK/topology.json" topology.json

# strata up runs the split system: the service healthy before the monolith,
# a request through the monolith reaches it, down leaves nothing behind.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$("$STRATA" ps --json | python3 -c 'import json,sys; print(" ".join(p["name"] + ":" + p["health"] for p in json.load(sys.stdin)["processes"]))')" \
  "billing:healthy monolith-cpp:healthy" "up runs the service and the C++ monolith"
up_call="$(curl -s --noproxy '*' -X POST -d '{"command": {"id": "up-1"}}' "http://127.0.0.1:$MONO_PORT/contexts/billing/rpc/open")"
expect_eq "$up_call" '{"result":{"id":"up-1","items":[],"status":"open"}}' "a request through the monolith under up"
expect_eq "$(rpc "$SVC_PORT" get '{"query": {"id": "up-1"}}' "$(token "$(cat .strata/up/jwt-key)" billing-service 60)" | cut -c1-3)" \
  "200" "reached the service, which checks up's key"
st down
expect_rc 0 "down"
curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/health" >/dev/null && fail "the service outlived down" || pass

# Merge is the exact inverse, and idempotent.
st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge billing
expect_out "nothing to change" "merge is idempotent"

# Splits of independent contexts commute (files only: nothing is built).
cp -a . "$WORK/two"
st split billing && st split shipping
expect_rc 0 "split billing then shipping"
cp -a . "$WORK/ab"
st merge billing && st merge shipping
same_tree . "$WORK/two" && pass || fail "merging both did not restore x: $(cat "$WORK/.diff")"
st split shipping && st split billing
same_tree . "$WORK/ab" && pass || fail "splits do not commute: $(cat "$WORK/.diff")"
st merge shipping && st merge billing

# A fault mid-way leaves the workspace byte-identical.
for steps in 0 5 17; do
  STRATA_TEST_FAULT_AFTER_STEPS=$steps st split billing
  expect_rc 1 "split with a fault after $steps steps"
  same_tree . "$WORK/two" && pass || fail "fault after $steps steps changed the tree: $(cat "$WORK/.diff")"
done

# The gate refuses an environment variable nobody declared, and says where.
app=contexts/billing/application/src/billing/application/commands.cc
cp "$app" "$WORK/commands.cc"
printf '#include <cstdlib>\nnamespace billing::application {\nconst char* payment_key() { return std::getenv("PAYMENT_KEY"); }\n}\n' >>"$app"
st split billing --check
expect_rc 1 "an undeclared secret"
expect_err "commands.cc:[0-9]+:.*reads PAYMENT_KEY" "names the undeclared key and where"
cp "$WORK/commands.cc" "$app"
same_tree . "$WORK/two" && pass || fail "a refused split changed the tree: $(cat "$WORK/.diff")"

finish
