#!/usr/bin/env bash
# strata split / merge on Python contexts end to end: the gate (--check,
# refusals with their reason), --dry-run, the generated service and
# monolith passing their own lint (ruff, mypy --strict) and tests (the
# contract suite in process and over HTTP with the service as its own
# process, tokens refused), a stale generated file failing the build,
# merge(split(x)) byte-identical to x, idempotence, commuting splits, and a
# fault injected mid-way leaving the workspace as it was.
source "$(dirname "$0")/lib.sh"

VENV="$SOURCE_DIR/tests/.venv"
if [ ! -x "$VENV/bin/mypy" ] || ! "$VENV/bin/python" -c "import fastapi, uvicorn, jwt" 2>/dev/null; then
  echo "FAIL: $VENV lacks mypy, FastAPI, uvicorn or PyJWT; run scripts/install-test-deps" >&2
  exit 1
fi
export PATH="$VENV/bin:$PATH"
# The tree as bytes, without tool state (.strata, linters' caches).
same_tree() {
  diff -r -x .strata -x .ruff_cache -x .mypy_cache -x __pycache__ "$1" "$2" >"$WORK/.diff" 2>&1
}

st new ws --no-git
cd ws
st generate context billing --lang python --skip-install
expect_rc 0 "generate billing"
st generate context shipping --lang python --skip-install
expect_rc 0 "generate shipping"
cp -a . "$WORK/orig"

# The gate alone, and a dry run: nothing written.
st split billing --check
expect_rc 0 "split --check"
expect_out "billing can be split" "the gate passes"
st split billing --dry-run
expect_rc 0 "split --dry-run"
expect_out "would write +contexts/billing/service/src/billing_service/http_server.py" "dry run lists the server"
same_tree . "$WORK/orig" && pass || fail "--check or --dry-run changed the tree: $(cat "$WORK/.diff")"

# Split: topology, the service project and the composition root; nothing else.
st split billing --transport http --port 8231 --skip-install
expect_rc 0 "split billing"
expect_file topology.json "topology written"
expect_file contexts/billing/service/tests/test_contract.py "contract tests"
expect_file apps/monolith-python/src/strata_monolith/composition.py "composition root"
changed="$(diff -rq -x .strata "$WORK/orig" . | grep -v -E "Only in \./?: topology.json|Only in \./?: apps|Only in \./?contexts/billing: service" || true)"
expect_eq "$changed" "" "split changes only the topology, the service and the composition root"
head -1 contexts/billing/service/src/billing_service/contract.py | grep -q "strata:generated v1 inputs=" \
  && pass || fail "generated files carry the header"
st split billing --transport http --port 8231 --skip-install
expect_rc 0 "second split"
expect_out "nothing to change" "split is idempotent"
st context show billing
expect_out "deployment: service \(http, port 8231, 1 replica\)" "context show reports the mode"
st services list --json
expect_eq "$(json "[(s['name'], s['transport'], s['port'], s['mode'], s['generated']) for s in d]")" \
  "[('billing-service', 'http', 8231, 'service', 'current')]" "services list"

# The generated code passes its own checks and tests through strata.
st run-many -t lint -p billing-service monolith-python
expect_rc 0 "generated code lints (ruff, mypy --strict)"
st run-many -t test -p billing-service monolith-python
expect_rc 0 "contract tests: in process and over HTTP, tokens refused"
expect_out "7 passed" "the contract suite ran"

# As `strata up` runs them (docs: the services contract): the split service
# and the monolith, each its project's serve command with PORT, the service's
# URL and the JWT key; a request through the monolith reaches the service,
# and one for the local context is served in the monolith's process.
free_port() { python3 -c "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"; }
wait_health() {
  for _ in $(seq 1 100); do
    curl -sf --noproxy '*' "http://127.0.0.1:$1/health" >/dev/null && return 0
    sleep 0.1
  done
  return 1
}
svc_port=$(free_port)
mono_port=$(free_port)
export STRATA_SERVICE_JWT_KEY="e2e-signing-key-0123456789abcdef0123"
(cd contexts/billing/service && PORT=$svc_port \
  PYTHONPATH=src:../domain/src:../api/src:../application/src:../infrastructure/src \
  exec python3 -m billing_service) >"$WORK/svc.log" 2>&1 &
svc_pid=$!
mono_path="src$(for c in billing shipping; do for l in domain api application infrastructure; do
  printf ':../../contexts/%s/%s/src' $c $l; done; done)"
(cd apps/monolith-python && PORT=$mono_port STRATA_SERVICE_BILLING_URL="http://127.0.0.1:$svc_port" \
  PYTHONPATH="$mono_path" exec python3 -m strata_monolith) >"$WORK/mono.log" 2>&1 &
mono_pid=$!
if wait_health "$svc_port" && wait_health "$mono_port"; then
  pass
  call() { curl -s --noproxy '*' -X POST -d "$2" "http://127.0.0.1:$mono_port/contexts/$1"; }
  opened="$(call billing/rpc/open '{"request": {"name": "via monolith", "currency": "EUR"}}')"
  id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["result"])' "$opened")"
  direct="$(curl -s --noproxy '*' -X POST -d "{\"aggregate_id\": \"$id\"}" "http://127.0.0.1:$svc_port/rpc/get")"
  grep -q '"unauthorized"' <<<"$direct" && pass || fail "the service took a call without a token: $direct"
  got="$(call billing/rpc/get "{\"aggregate_id\": \"$id\"}")"
  grep -q '"name": "via monolith"' <<<"$got" && pass || fail "a request through the monolith did not reach the service: $got"
  local_call="$(call shipping/rpc/list_all '{}')"
  expect_eq "$local_call" '{"result": []}' "the local context answers in the monolith"
else
  fail "the service or the monolith did not become healthy: $(cat "$WORK/svc.log" "$WORK/mono.log")"
fi
kill "$svc_pid" "$mono_pid" 2>/dev/null
wait "$svc_pid" "$mono_pid" 2>/dev/null
unset STRATA_SERVICE_JWT_KEY

# A contract change makes the generated files stale: the build fails.
cp contexts/billing/api/src/billing_api/dtos.py "$WORK/dtos.py"
echo "# a change" >>contexts/billing/api/src/billing_api/dtos.py
st run billing-service:build --skip-cache
expect_rc 1 "a stale generated file fails the build"
grep -q "contract.py: stale" <<<"$OUT$ERR" && pass || fail "says which file is stale: $OUT $ERR"
st services list --json
expect_eq "$(json "d[0]['generated']")" "stale" "services list reports stale files"
cp "$WORK/dtos.py" contexts/billing/api/src/billing_api/dtos.py

# A contract change that breaks clients of the split service is reported
# when the service is regenerated; a compatible one is not.
port=contexts/billing/api/src/billing_api/port.py
cp "$port" "$WORK/port.py"
sed -i 's/def list_all(self)/def list_everything(self)/' "$port"
st split billing --skip-install
expect_rc 0 "regenerating after a breaking change"
expect_err "warning: .*port.py:1:.*breaks clients of the split billing service: method list_all removed" \
  "the breaking change is reported"
cp "$WORK/port.py" "$port"
st split billing --skip-install
expect_rc 0 "regenerating the original contract"
expect_err "method list_everything removed" "going back is a change for the clients in between"
st split billing --skip-install
expect_eq "$ERR" "" "no warning when the contract did not change"

# Merge is the exact inverse, and idempotent.
st merge billing
expect_rc 0 "merge billing"
same_tree . "$WORK/orig" && pass || fail "merge(split(x)) differs from x: $(cat "$WORK/.diff")"
st merge billing
expect_rc 0 "second merge"
expect_out "nothing to change" "merge is idempotent"
st context show billing
expect_out "deployment: in monolith" "back in the monolith"

# Splits of independent contexts commute.
st split billing --skip-install && st split shipping --skip-install
expect_rc 0 "split billing then shipping"
cp -a . "$WORK/ab"
st merge billing && st merge shipping
same_tree . "$WORK/orig" && pass || fail "merging both did not restore x: $(cat "$WORK/.diff")"
st split shipping --skip-install && st split billing --skip-install
same_tree . "$WORK/ab" && pass || fail "splits do not commute: $(cat "$WORK/.diff")"
st merge shipping && st merge billing

# A fault mid-way leaves the workspace byte-identical.
for steps in 0 3 11 20; do
  STRATA_TEST_FAULT_AFTER_STEPS=$steps st split billing --skip-install
  expect_rc 1 "split with a fault after $steps steps"
  same_tree . "$WORK/orig" && pass || fail "fault after $steps steps changed the tree: $(cat "$WORK/.diff")"
done

# A split killed mid-way is undone by the next split, merge or services command.
STRATA_TEST_CRASH_AFTER_STEPS=7 st split billing --skip-install
expect_rc 137 "a split killed after 7 steps"
same_tree . "$WORK/orig" && fail "the killed split changed nothing" || pass
st services list
expect_rc 0 "services list after a killed split"
expect_err "undid 1 split or merge interrupted" "says it undid it"
same_tree . "$WORK/orig" && pass || fail "recovery did not restore the tree: $(cat "$WORK/.diff")"

# The gate refuses with the reason, and writes nothing.
app=contexts/billing/application/src/billing_application/service.py
cp "$app" "$WORK/app.py"
printf 'import os\n\nPAYMENT_KEY = os.environ["PAYMENT_KEY"]\n' >>"$app"
st split billing --check
expect_rc 1 "an undeclared secret"
expect_err "service.py:[0-9]+:.*reads PAYMENT_KEY" "names the undeclared key and where"
# Declared (as a secret name, in an entry kept in the monolith), it passes,
# and merge keeps the declaration as it was.
cat >topology.json <<'JSON'
{
  "version": 1,
  "services": {
    "billing": {
      "mode": "monolith",
      "transport": "http",
      "replicas": 1,
      "secrets": [
        "PAYMENT_KEY"
      ]
    }
  }
}
JSON
cp topology.json "$WORK/declared.json"
st split billing --skip-install
expect_rc 0 "a declared secret name passes the gate"
st merge billing
expect_rc 0 "merge after a declared secret"
cmp -s topology.json "$WORK/declared.json" && pass || fail "merge lost the declaration: $(cat topology.json)"
rm topology.json
cp "$WORK/app.py" "$app"

port=contexts/billing/api/src/billing_api/port.py
cp "$port" "$WORK/port.py"
printf '\n    def on_change(self, callback: Callable[[], None]) -> None: ...\n' >>"$port"
st split billing
expect_rc 1 "an unserialisable contract type"
expect_err "on_change: parameter callback: type Callable.* cannot be serialised" "names the type"
cp "$WORK/port.py" "$port"

dom=contexts/billing/domain/src/billing_domain/rules.py
cp "$dom" "$WORK/rules.py"
printf '\nimport shipping_domain  # noqa\n' >>"$dom"
st split billing
expect_rc 1 "a boundary violation"
expect_err "refused \(boundaries\)" "says the boundaries are broken"
cp "$WORK/rules.py" "$dom"
same_tree . "$WORK/orig" && pass || fail "a refused split changed the tree: $(cat "$WORK/.diff")"

cp "$port" "$WORK/port.py"
printf '\n    def tag(self, groups: list[list[str]]) -> None: ...\n' >>"$port"
st split billing --transport grpc --skip-install
expect_rc 1 "a type protobuf cannot carry, on the grpc transport"
expect_err "parameter groups: list\[list\[str\]\] cannot be carried by protobuf" "names it"
cp "$WORK/port.py" "$port"
same_tree . "$WORK/orig" && pass || fail "a refused grpc split changed the tree: $(cat "$WORK/.diff")"

# A TypeScript context beside them passes the same gate (its contract is
# read from the api layer's interfaces); test_split_typescript.sh splits one.
st generate context orders --lang typescript --skip-install
st split orders --check --json
expect_rc 0 "a TypeScript context passes the gate"
expect_eq "$(json "[p['check'] for p in d['problems']]")" "[]" "its contract passes the gate"

finish
