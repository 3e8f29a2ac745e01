#!/usr/bin/env bash
# strata up on what strata split generated: two Python contexts split over
# HTTP come up healthy before their monolith; a request through the
# monolith reaches both services through their generated clients (JWTs
# signed with the key up hands out); ps and services status see them
# healthy; a service killed with -9 is restarted and serves again; down
# leaves no process and no port behind; merged back, the tree is
# byte-identical to before the split.
source "$(dirname "$0")/lib.sh"

VENV="$SOURCE_DIR/tests/.venv"
if ! "$VENV/bin/python" -c "import fastapi, uvicorn, jwt" 2>/dev/null; then
  echo "FAIL: $VENV lacks FastAPI, uvicorn or PyJWT; run scripts/install-test-deps" >&2
  exit 1
fi
# The generated serve targets run `python3`: the one with their packages.
export PATH="$VENV/bin:$PATH"
# The first up makes the workspace's own key.
unset STRATA_SERVICE_JWT_KEY
# Whatever happens to the test, nothing it started outlives it.
trap '"$STRATA" -C "$WORK/ws" down >/dev/null 2>&1; rm -rf "$WORK"' EXIT

port_free() {
  python3 -c 'import socket,sys; s = socket.socket(); s.connect(("127.0.0.1", int(sys.argv[1])))' "$1" 2>/dev/null && return 1
  return 0
}
# running PID: a live process (a zombie nobody reaps has stopped running).
running() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null | tr -d ' ')"
  [ -n "$state" ] && [ "${state:0:1}" != "Z" ]
}
ps_field() {
  "$STRATA" ps --json | python3 -c '
import json, sys
for p in json.load(sys.stdin)["processes"]:
    if p["name"] == sys.argv[1]:
        print(p[sys.argv[2]])' "$1" "$2"
}
# ps_list FIELD...: each process of `strata ps --json` as FIELD:FIELD...
ps_list() {
  "$STRATA" ps --json | python3 -c '
import json, sys
print(" ".join(":".join(str(p[f]) for f in sys.argv[1:]) for p in json.load(sys.stdin)["processes"]))' "$@" 2>/dev/null
}
# status_list FIELD...: each service of `strata services status --json`.
status_list() {
  "$STRATA" services status --json | python3 -c '
import json, sys
print(" ".join(":".join(str(s[f]) for f in sys.argv[1:]) for s in json.load(sys.stdin)))' "$@" 2>/dev/null
}
# direct PORT AUDIENCE KEY: a call straight to a service with a token
# signed by KEY (as the generated clients sign theirs); prints the status.
direct() {
  local token
  token="$(python3 -c 'import jwt, sys, time
print(jwt.encode({"iss": "strata", "aud": sys.argv[1], "exp": int(time.time()) + 60}, sys.argv[2], algorithm="HS256"))' "$2" "$3")"
  curl -s --noproxy '*' -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -d '{}' "http://127.0.0.1:$1/rpc/list_all"
}
same_tree() {
  diff -r -x .strata -x .ruff_cache -x .mypy_cache -x __pycache__ "$1" "$2" >"$WORK/.diff" 2>&1
}
call() { curl -s --noproxy '*' -X POST -d "$3" "http://127.0.0.1:$1/contexts/$2"; }
# scenario PORT CONTEXT: opens one, adds an item, reads it back; prints the
# answer with its (random) id replaced, so split and merged runs compare.
scenario() {
  local opened id
  opened="$(call "$1" "$2/rpc/open" '{"request": {"name": "via monolith", "currency": "EUR"}}')"
  id="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["result"])' "$opened" 2>/dev/null)"
  [ -n "$id" ] || { echo "open failed: $opened"; return; }
  call "$1" "$2/rpc/add_item" "{\"request\": {\"aggregate_id\": \"$id\", \"sku\": \"s-1\", \"unit_price_cents\": 250, \"quantity\": 2}}" >/dev/null
  call "$1" "$2/rpc/get" "{\"aggregate_id\": \"$id\"}" | sed "s/$id/ID/g"
}

# Three distinct free ports: held open together while they are picked.
read -r MONO_PORT BILLING_PORT SHIPPING_PORT < <(python3 -c '
import socket
held = [socket.socket() for _ in range(3)]
for s in held: s.bind(("127.0.0.1", 0))
print(*(s.getsockname()[1] for s in held))')

st new ws --no-git
cd ws
st generate context billing --lang python --skip-install
expect_rc 0 "generate billing"
st generate context shipping --lang python --skip-install
expect_rc 0 "generate shipping"
# The monolith on a free port rather than the default 8000: declared in the
# topology before the split, which merging must keep as it was.
printf '{\n  "version": 1,\n  "monolith": {\n    "port": %s\n  },\n  "services": {}\n}\n' "$MONO_PORT" >topology.json
cp -a . "$WORK/orig"

st split billing --transport http --port "$BILLING_PORT" --skip-install
expect_rc 0 "split billing"
st split shipping --transport http --port "$SHIPPING_PORT" --skip-install
expect_rc 0 "split shipping"

# Up, detached: the two services healthy before the monolith starts.
st up --detach
expect_rc 0 "up --detach: $(tail -20 .strata/up/up.log 2>/dev/null)"
line() { grep -nE "$1" .strata/up/up.log | head -1 | cut -d: -f1; }
billing_ok="$(line 'billing is healthy after')"
shipping_ok="$(line 'shipping is healthy after')"
mono_start="$(line 'starting monolith-python')"
if [ -n "$mono_start" ] && [ "${billing_ok:-999999}" -lt "$mono_start" ] && [ "${shipping_ok:-999999}" -lt "$mono_start" ]; then
  pass
else
  fail "the monolith started before both services were healthy: $(cat .strata/up/up.log)"
fi
expect_eq "$(ps_list name kind health)" "billing:service:healthy shipping:service:healthy monolith-python:monolith:healthy" \
  "ps lists three healthy processes, services first"
for name in billing shipping; do
  expect_eq "$(ps_field $name port)" "$([ $name = billing ] && echo "$BILLING_PORT" || echo "$SHIPPING_PORT")" \
    "$name runs on its topology port"
done
expect_eq "$(ps_field monolith-python port)" "$MONO_PORT" "the monolith runs on monolith.port"

# A request through the monolith reaches both services: each answers, and
# a call straight to a service without a token is refused.
split_billing="$(scenario "$MONO_PORT" billing)"
split_shipping="$(scenario "$MONO_PORT" shipping)"
grep -q '"total_cents": 500' <<<"$split_billing" && pass || fail "billing through the monolith: $split_billing"
grep -q '"total_cents": 500' <<<"$split_shipping" && pass || fail "shipping through the monolith: $split_shipping"
for port in "$BILLING_PORT" "$SHIPPING_PORT"; do
  code="$(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' -X POST -d '{}' "http://127.0.0.1:$port/rpc/list_all")"
  expect_eq "$code" "401" "a call to :$port without a token is refused"
done
# The key up made for the workspace (none was given) is the one they check.
key="$(cat .strata/up/jwt-key)"
expect_eq "$(direct "$BILLING_PORT" billing-service "$key")" "200" "a token signed with up's key is taken"
expect_eq "$(direct "$SHIPPING_PORT" shipping-service "$key")" "200" "by both services"
expect_eq "$(direct "$BILLING_PORT" billing-service "another-key-of-the-same-length-0123456789")" "401" \
  "a token signed with another key is refused"
# The state lives in the services' processes: what billing holds is listed
# there, and goes with the process when it is killed.
listed="$(call "$MONO_PORT" billing/rpc/list_all '{}')"
grep -q '"via monolith"' <<<"$listed" && pass || fail "billing lists what it opened: $listed"

expect_eq "$(status_list name health)" \
  "billing-service:healthy shipping-service:healthy" "services status sees both healthy"

# kill -9 of a service: up restarts it, and requests work again.
old_pid="$(ps_field billing pid)"
kill -9 "$old_pid"
for _ in $(seq 150); do
  [ "$(ps_field billing restarts)" = "1" ] && [ "$(ps_field billing health)" = "healthy" ] && break
  sleep 0.1
done
expect_eq "$(ps_field billing restarts)" "1" "the killed service was restarted"
expect_eq "$(ps_field billing health)" "healthy" "and is healthy again"
[ "$(ps_field billing pid)" != "$old_pid" ] && pass || fail "the restarted service kept its pid"
expect_eq "$(call "$MONO_PORT" billing/rpc/list_all '{}')" '{"result": []}' \
  "the restarted service starts empty: the monolith had been calling it"
expect_eq "$(scenario "$MONO_PORT" billing)" "$split_billing" "the request works again"
expect_eq "$(status_list health)" \
  "healthy healthy" "services status after the restart"

# Down: no process and no port left.
pids="$(cat .strata/up/lock)"
for name in billing shipping monolith-python; do pids="$pids $(ps_field $name pid)"; done
st down
expect_rc 0 "down"
for _ in $(seq 100); do running "${pids%% *}" || break; sleep 0.1; done
for pid in $pids; do
  if running "$pid"; then fail "pid $pid still running after down"; else pass; fi
done
for port in "$MONO_PORT" "$BILLING_PORT" "$SHIPPING_PORT"; do
  if port_free "$port"; then pass; else fail "port $port still taken after down"; fi
done

# billing merged back: up runs shipping and the monolith, which serves
# billing in its own process with the same answers.
st merge billing
expect_rc 0 "merge billing"
# This time the key comes from up's environment.
export STRATA_SERVICE_JWT_KEY="e2e-signing-key-0123456789abcdef0123"
st up --detach
expect_rc 0 "up --detach with billing merged: $(tail -20 .strata/up/up.log 2>/dev/null)"
expect_eq "$(ps_list name health)" "shipping:healthy monolith-python:healthy" "billing no longer runs as a service"
expect_eq "$(scenario "$MONO_PORT" billing)" "$split_billing" "billing answers the same in process"
expect_eq "$(scenario "$MONO_PORT" shipping)" "$split_shipping" "shipping still answers through its service"
if port_free "$BILLING_PORT"; then pass; else fail "port $BILLING_PORT taken with billing merged"; fi
expect_eq "$(direct "$SHIPPING_PORT" shipping-service "$STRATA_SERVICE_JWT_KEY")" "200" \
  "the service checks the key given to up"
expect_eq "$(direct "$SHIPPING_PORT" shipping-service "$key")" "401" "and no longer the workspace's"
unset STRATA_SERVICE_JWT_KEY
st down
expect_rc 0 "down with billing merged"

# Both merged: byte-identical to before the split. The composition root
# is derived only while a context is split, so nothing is left to run.
st merge shipping
expect_rc 0 "merge shipping"
same_tree . "$WORK/orig" && pass || fail "merging both did not restore the tree: $(cat "$WORK/.diff")"
st up --detach
expect_rc 1 "up with nothing split and no monolith"
expect_err "nothing to run" "says there is nothing to run"
if [ -e .strata/up/lock ] && running "$(cat .strata/up/lock)"; then fail "a refused up left a supervisor"; else pass; fi

finish
