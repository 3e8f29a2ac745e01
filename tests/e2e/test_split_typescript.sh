#!/usr/bin/env bash
# strata split / merge on a TypeScript context end to end: the gate, the
# generated service (strict codec, node:http server, fetch client, JWT on
# node:crypto, /metrics) and the monolith-typescript composition root
# building, linting (tsc --strict) and passing their own tests through
# strata (the contract suite in process and against the service as its own
# process), the service served by hand (a bad token gets 401, /metrics
# answers, a request through the monolith reaches it), a stale generated
# file failing the build, `strata up` running the split system,
# merge(split(x)) byte-identical to x, idempotence, commuting splits and a
# fault mid-way leaving the workspace as it was.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/split/typescript.sh"

# Three distinct free ports: held open together while they are picked.
read -r MONO_PORT BILLING_PORT SVC_PORT < <(python3 -c '
import socket
held = [socket.socket() for _ in range(3)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')
# token KEY [AUDIENCE] [EXPIRY_OFFSET]: an HS256 JWT made here, not by the generated code.
token() {
  python3 - "$@" <<'PY'
import base64, hashlib, hmac, json, sys, time
key, aud, offset = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else "billing-service"), int(sys.argv[3] if len(sys.argv) > 3 else 60)
b64 = lambda b: base64.urlsafe_b64encode(b).rstrip(b"=").decode()
head = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
body = b64(json.dumps({"iss": "strata", "aud": aud, "exp": int(time.time()) + offset}).encode())
sig = b64(hmac.new(key.encode(), f"{head}.{body}".encode(), hashlib.sha256).digest())
print(f"{head}.{body}.{sig}")
PY
}
direct() {
  curl -s --noproxy '*' -o /dev/null -w '%{http_code}' -X POST ${2:+-H "Authorization: Bearer $2"} \
    -d '{"query": {"id": "b-1"}}' "http://127.0.0.1:$1/rpc/get"
}

st new ws --no-git
cd ws
st generate context billing --lang typescript
expect_rc 0 "generate billing (installs TypeScript and links the layers)"
printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
cp -a . "$WORK/orig"

# The gate alone, and a dry run: nothing written.
st split billing --check
expect_rc 0 "split --check"
expect_out "billing can be split" "the gate passes"
st split billing --dry-run
expect_rc 0 "split --dry-run"
expect_out "would write +contexts/billing/service/src/http-server.ts" "dry run lists the server"
same_tree . "$WORK/orig" && pass || fail "--check or --dry-run changed the tree: $(cat "$WORK/.diff")"

# Split: the topology, the service project and the composition root; nothing else.
st split billing --transport http --port "$BILLING_PORT"
expect_rc 0 "split billing"
changed="$(diff -rq -x .strata -x node_modules "$WORK/orig" . | grep -v -E "topology.json|Only in \./?: apps|Only in \./?contexts/billing: service" || true)"
expect_eq "$changed" "" "split changes only the topology, the service and the composition root"
for f in contexts/billing/service/src/codec.ts apps/monolith-typescript/src/composition.ts; do
  head -1 "$f" | grep -q "^// strata:generated v1 inputs=[0-9a-f]\{64\} from=.*contexts/billing/api/src/dto.ts" \
    && pass || fail "$f carries the header: $(head -1 "$f")"
done
st split billing --transport http --port "$BILLING_PORT"
expect_out "nothing to change" "split is idempotent"
st services list --json
expect_eq "$(json "[(s['name'], s['transport'], s['port'], s['generated']) for s in d]")" \
  "[('billing-service', 'http', $BILLING_PORT, 'current')]" "services list"
st graph --json
expect_eq "$(json "sorted(d['graph']['nodes']['billing-service']['data']['tags'])")" \
  "['context:billing', 'lang:typescript', 'type:service']" "the service project's tags"

# The generated code builds (tsc --strict), lints and passes its own tests
# the moment it is generated: the contract suite runs in process and
# against the service started as its own process.
st run-many -t build test lint -p billing-service monolith-typescript
expect_rc 0 "generated code builds, lints and passes its tests"
expect_out "billing-service:test +✔ gives the same results in process and over HTTP" "in process and remote agree"
expect_out "billing-service:test +✔ refuses malformed calls the same way in process and over HTTP" "strict codec"
expect_out "billing-service:test +✔ delivers the outbox's events to their handlers in process" "events in process"
expect_out "billing-service:test ℹ pass 10" "the whole contract suite passed"
expect_out "monolith-typescript:test ℹ pass 1" "the composition root's test passed"

# Served as `strata up` serves it (PORT, the URL, the key): a bad token is
# refused, /metrics counts, a request through the monolith reaches the service.
export STRATA_SERVICE_JWT_KEY="e2e-signing-key-0123456789abcdef0123"
(cd contexts/billing/service && PORT=$SVC_PORT exec node dist/main.js) >"$WORK/svc.log" 2>&1 &
PIDS+=($!)
(cd apps/monolith-typescript && PORT=$MONO_PORT STRATA_SERVICE_BILLING_URL="http://127.0.0.1:$SVC_PORT" \
  exec node dist/main.js) >"$WORK/mono.log" 2>&1 &
PIDS+=($!)
if wait_health "$SVC_PORT" && wait_health "$MONO_PORT"; then
  pass
  opened="$(call "$MONO_PORT" open '{"command": {"id": "b-1"}}')"
  expect_eq "$opened" '{"result":{"ok":true,"value":{"id":"b-1","status":"open","items":[]}}}' "open through the monolith"
  # Split over HTTP without brokers, billing's events stay in its service.
  expect_eq "$(curl -s --noproxy '*' "http://127.0.0.1:$MONO_PORT/events")" '{"billing":[]}' "GET /events"
  expect_eq "$(direct "$SVC_PORT" "$(token "$STRATA_SERVICE_JWT_KEY")")" "200" "a valid token is taken"
  expect_eq "$(direct "$SVC_PORT")" "401" "a call without a token is refused"
  expect_eq "$(direct "$SVC_PORT" "$(token another-key-of-the-same-length-0123456789)")" "401" "a token signed with another key"
  expect_eq "$(direct "$SVC_PORT" "$(token "$STRATA_SERVICE_JWT_KEY" billing-service -60)")" "401" "an expired token"
  expect_eq "$(direct "$SVC_PORT" "$(token "$STRATA_SERVICE_JWT_KEY" shipping-service)")" "401" "a token for another service"
  got="$(call "$MONO_PORT" get '{"query": {"id": "b-1"}}')"
  grep -q '"id":"b-1"' <<<"$got" && pass || fail "a request through the monolith did not reach the service: $got"
  refused="$(call "$MONO_PORT" get '{"query": {"id": "b-1", "extra": 1}}')"
  expect_eq "$refused" '{"error":{"kind":"bad_request","message":"query.extra: unknown field"}}' "unknown fields are refused"
  metrics="$(curl -s --noproxy '*' "http://127.0.0.1:$SVC_PORT/metrics")"
  grep -q 'strata_service_requests_total{service="billing",method="get",status="401"} 4' <<<"$metrics" \
    && pass || fail "/metrics counts the refused calls: $metrics"
  grep -q 'strata_service_request_duration_seconds_count{service="billing",method="open"} 1' <<<"$metrics" \
    && pass || fail "/metrics has the latency histogram: $metrics"
else
  fail "the service or the monolith did not become healthy: $(cat "$WORK/svc.log" "$WORK/mono.log")"
fi
kill "${PIDS[@]}" 2>/dev/null
wait "${PIDS[@]}" 2>/dev/null
PIDS=()
unset STRATA_SERVICE_JWT_KEY

# strata up runs the split system: the service healthy before the monolith,
# a request through the monolith reaches it, down leaves nothing behind.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
st ps --json
expect_eq "$(json "[(p['name'], p['health'], p['port']) for p in d['processes']]")" \
  "[('billing', 'healthy', $BILLING_PORT), ('monolith-typescript', 'healthy', $MONO_PORT)]" "ps: both healthy"
call "$MONO_PORT" open '{"command": {"id": "b-2"}}' >/dev/null
got="$(call "$MONO_PORT" addItem '{"command": {"id": "b-2", "sku": "s-1", "quantity": 2}}')"
expect_eq "$got" '{"result":{"ok":true,"value":{"id":"b-2","status":"open","items":[{"sku":"s-1","quantity":2}]}}}' \
  "a request through the monolith reaches the service up runs"
st down
expect_rc 0 "down"

# A contract change makes the generated files stale: the check the build
# target runs after tsc fails (run here alone: a rebuild of the layers
# would cost half a minute), and services list says so.
cp contexts/billing/api/src/dto.ts "$WORK/dto.ts"
echo "// a change" >>contexts/billing/api/src/dto.ts
expect_eq "$(json "d['targets']['build']['command']" contexts/billing/service/project.json)" \
  "tsc -p tsconfig.json && node dist/freshness.js" "the build runs the freshness check"
stale="$(cd contexts/billing/service && node dist/freshness.js 2>&1)"
expect_eq "$?" "1" "a stale generated file fails the check"
grep -q "contexts/billing/service/src/codec.ts: stale" <<<"$stale" && pass || fail "says which file is stale: $stale"
st services list --json
expect_eq "$(json "d[0]['generated']")" "stale" "services list reports stale files"
cp "$WORK/dto.ts" contexts/billing/api/src/dto.ts
(cd contexts/billing/service && node dist/freshness.js) && pass || fail "current again once the contract is back"

# Merge is the exact inverse, and idempotent.
st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge billing
expect_out "nothing to change" "merge is idempotent"

# A fault mid-way leaves the workspace byte-identical.
for steps in 0 5 17; do
  STRATA_TEST_FAULT_AFTER_STEPS=$steps st split billing
  expect_rc 1 "split with a fault after $steps steps"
  same_tree . "$WORK/orig" && pass || fail "fault after $steps steps changed the tree: $(cat "$WORK/.diff")"
done

# Splits of independent contexts commute.
st generate context shipping --lang typescript --skip-install
expect_rc 0 "generate shipping"
rm -rf "$WORK/orig" && cp -a . "$WORK/orig"
st split billing && st split shipping
expect_rc 0 "split billing then shipping"
cp -a . "$WORK/ab"
st merge billing && st merge shipping
same_tree . "$WORK/orig" && pass || fail "merging both did not restore x: $(cat "$WORK/.diff")"
st split shipping && st split billing
same_tree . "$WORK/ab" && pass || fail "splits do not commute: $(cat "$WORK/.diff")"
st merge shipping && st merge billing
same_tree . "$WORK/orig" && pass || fail "merging both again did not restore x: $(cat "$WORK/.diff")"

# A contract the TypeScript codec cannot carry is refused with the reason.
port=contexts/billing/api/src/billing-service.ts
cp "$port" "$WORK/port.ts"
sed -i 's|^}$|  watch(callback: () => void): Promise<void>;\n}|' "$port"
st split billing
expect_rc 1 "an unserialisable contract type"
expect_err "watch: parameter callback: type \(\) => void cannot be serialised" "names the type"
cp "$WORK/port.ts" "$port"
same_tree . "$WORK/orig" && pass || fail "a refused split changed the tree: $(cat "$WORK/.diff")"

# Merged, a context's events reach its handlers in the monolith's process:
# shipping stays local while billing is split.
st split billing
npm install --no-audit --no-fund --loglevel=error --prefer-offline >/dev/null 2>&1 # links shipping's layers
st run-many -t build -p monolith-typescript
expect_rc 0 "the monolith with a local context builds"
(cd apps/monolith-typescript && PORT=$MONO_PORT STRATA_SERVICE_BILLING_URL="http://127.0.0.1:9" \
  exec node dist/main.js) >"$WORK/mono.log" 2>&1 &
PIDS+=($!)
if wait_health "$MONO_PORT"; then
  curl -s --noproxy '*' -X POST -d '{"command": {"id": "s-1"}}' \
    "http://127.0.0.1:$MONO_PORT/contexts/shipping/rpc/open" >/dev/null
  expect_eq "$(curl -s --noproxy '*' "http://127.0.0.1:$MONO_PORT/events")" \
    '{"billing":[],"shipping":[{"type":"shipping.opened","data":{"shippingId":"s-1"}}]}' "merged: events in process"
else
  fail "the monolith did not become healthy: $(cat "$WORK/mono.log")"
fi
kill "${PIDS[@]}" 2>/dev/null
wait "${PIDS[@]}" 2>/dev/null
PIDS=()

finish
