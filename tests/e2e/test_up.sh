#!/usr/bin/env bash
# strata up: two split HTTP services and a monolith come up healthy in
# dependency order; a request through the monolith reaches both; a service
# killed with -9 is restarted and `ps`/`logs` say so; `down` leaves no
# process and no port behind; a second `up` is refused with its pid;
# `--only`, unknown names, a taken port and a missing serve target are
# one-line errors.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/up/workspace.sh"

service_project orders service.py
service_project payments service.py
monolith_project
cat >topology.json <<JSON
{"version": 1, "monolith": {"port": $MONOLITH_PORT}, "services": {
  "orders": {"mode": "service", "transport": "http", "port": $ORDERS_PORT, "replicas": 1},
  "payments": {"mode": "service", "transport": "http", "port": $PAYMENTS_PORT, "replicas": 1,
               "health": {"path": "/health", "interval_ms": 200, "timeout_ms": 500, "failure_threshold": 2}}}}
JSON
git_init

# Errors before anything starts.
st up --only ordrs
expect_rc 1 "unknown name fails"
expect_err "unknown process 'ordrs'" "unknown name named"
expect_err "did you mean 'orders'" "unknown name gets a suggestion"
python3 -m http.server --bind 127.0.0.1 "$PAYMENTS_PORT" >/dev/null 2>&1 &
squatter=$!
for _ in $(seq 50); do port_free "$PAYMENTS_PORT" || break; sleep 0.1; done
st up
expect_rc 1 "a taken port fails"
expect_err "port $PAYMENTS_PORT of 'payments' is in use" "taken port named"
kill "$squatter"; wait "$squatter" 2>/dev/null
mv contexts/orders/service/project.json orders.json
echo '{"name": "orders-service", "targets": {"build": {"command": "true"}}}' >contexts/orders/service/project.json
st up
expect_rc 1 "a missing serve target fails"
expect_err "project 'orders-service' has no serve target" "missing serve named"
expect_err "hint: add a .serve. target" "missing serve hinted"
mv orders.json contexts/orders/service/project.json

# Up, in the foreground, as from a terminal.
"$STRATA" up >"$WORK/up.out" 2>&1 &
up_pid=$!
if wait_for "$WORK/up.out" "all 3 processes healthy" 60; then pass; else fail "not healthy: $(cat "$WORK/up.out")"; fi
order="$(grep -nE 'is healthy after|starting monolith' "$WORK/up.out" | cut -d: -f1 | tr '\n' ' ')"
services_first="$(grep -nE 'orders is healthy|payments is healthy' "$WORK/up.out" | tail -1 | cut -d: -f1)"
monolith_start="$(grep -n 'starting monolith' "$WORK/up.out" | cut -d: -f1)"
if [ "$services_first" -lt "$monolith_start" ]; then pass; else fail "monolith started before its services were healthy ($order)"; fi
if grep -qE '^orders +\| orders listening' "$WORK/up.out"; then pass; else fail "no prefixed output: $(cat "$WORK/up.out")"; fi

answer="$(curl -sf "http://127.0.0.1:$MONOLITH_PORT/order")"
grep -q '"service": "orders"' <<<"$answer" && grep -q '"service": "payments"' <<<"$answer" && pass ||
  fail "request through the monolith did not reach both services: $answer"

st up
expect_rc 1 "a second up is refused"
expect_err "already running in this workspace \(pid $up_pid\)" "second up names the first one's pid"

st ps
expect_rc 0 "ps"
expect_out "^orders +[0-9]+ +$ORDERS_PORT +healthy +0 " "ps shows orders healthy"
st ps --json
expect_rc 0 "ps --json"
expect_eq "$(ps_field orders health)" "healthy" "ps --json health"

# kill -9 of a service: restarted, and said so.
old_pid="$(ps_field orders pid)"
kill -9 "$old_pid"
for _ in $(seq 100); do
  [ "$(ps_field orders restarts)" = "1" ] && [ "$(ps_field orders health)" = "healthy" ] && break
  sleep 0.1
done
expect_eq "$(ps_field orders restarts)" "1" "ps --json counts the restart"
expect_eq "$(ps_field orders health)" "healthy" "restarted service healthy again"
[ "$(ps_field orders pid)" != "$old_pid" ] && pass || fail "restarted service kept its pid"
if grep -qE 'orders was killed by signal 9; restarting in 0.5s \(restart 1\)' "$WORK/up.out"; then pass; else fail "restart not announced"; fi
answer="$(curl -sf "http://127.0.0.1:$MONOLITH_PORT/order")"
grep -q '"service": "orders"' <<<"$answer" && pass || fail "restarted service not reached: $answer"

# A service that stops answering its health check (the topology's path,
# interval and threshold) is restarted too.
curl -sf "http://127.0.0.1:$PAYMENTS_PORT/sick" >/dev/null
for _ in $(seq 100); do
  [ "$(ps_field payments restarts)" = "1" ] && [ "$(ps_field payments health)" = "healthy" ] && break
  sleep 0.1
done
expect_eq "$(ps_field payments restarts)" "1" "an unhealthy service is restarted"
if grep -qE 'payments failed 2 health checks in a row; restarting it' "$WORK/up.out"; then pass; else fail "unhealthy restart not announced"; fi

st logs orders
expect_rc 0 "logs"
expect_out "orders served /hello" "logs show the service's output"
expect_out "\[strata\] orders was killed by signal 9" "logs show the restart"
"$STRATA" logs monolith -f >"$WORK/follow.out" 2>&1 &
follow=$!
curl -sf "http://127.0.0.1:$MONOLITH_PORT/order" >/dev/null
if wait_for "$WORK/follow.out" "monolith served /order" 10; then pass; else fail "logs -f did not follow"; fi
kill "$follow"; wait "$follow" 2>/dev/null

# Every pid and port, to check after down: the supervisor, the process
# groups it started and the servers' own pids.
pids="$up_pid"
for name in orders payments monolith; do pids="$pids $(ps_field "$name" pid)"; done
pids="$pids $(curl -sf "http://127.0.0.1:$ORDERS_PORT/hello" | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')"

st down
expect_rc 0 "down"
expect_out "stopped strata up \(pid $up_pid\)" "down names what it stopped"
wait "$up_pid"
expect_eq "$?" "130" "foreground up exits 130 when stopped"
if grep -qE 'stopping monolith.*' "$WORK/up.out" && [ "$(grep -n 'stopping monolith' "$WORK/up.out" | cut -d: -f1)" -lt "$(grep -n 'stopping orders' "$WORK/up.out" | cut -d: -f1)" ]; then pass; else fail "not stopped in reverse order"; fi
for pid in $pids; do
  if running "$pid"; then fail "pid $pid still running after down"; else pass; fi
done
for port in "$ORDERS_PORT" "$PAYMENTS_PORT" "$MONOLITH_PORT"; do
  if port_free "$port"; then pass; else fail "port $port still taken after down"; fi
done
st ps
expect_rc 1 "ps after down"
expect_err "not running" "ps says nothing runs"

# --only, detached: the named process and nothing else.
st up --only payments --detach
expect_rc 0 "up --only --detach"
expect_out "running in the background" "detach says where it runs"
st ps --json
expect_rc 0 "ps after detach"
names="$("$STRATA" ps --json | python3 -c 'import json,sys; print(",".join(p["name"] for p in json.load(sys.stdin)["processes"]))')"
expect_eq "$names" "payments" "--only starts only what it names"
if port_free "$ORDERS_PORT"; then pass; else fail "--only started orders"; fi
daemon="$(cat .strata/up/lock)"
payments_pid="$(ps_field payments pid)"
st down
expect_rc 0 "down a detached up"
for pid in "$daemon" "$payments_pid"; do
  if running "$pid"; then fail "pid $pid still running after down"; else pass; fi
done
if port_free "$PAYMENTS_PORT"; then pass; else fail "port $PAYMENTS_PORT still taken"; fi

# Ctrl-C in the foreground stops everything and exits 130.
"$STRATA" up --only payments >"$WORK/int.out" 2>&1 &
up_pid=$!
if wait_for "$WORK/int.out" "all 1 processes healthy" 60; then pass; else fail "not healthy: $(cat "$WORK/int.out")"; fi
kill -INT "$up_pid"
wait "$up_pid"
expect_eq "$?" "130" "Ctrl-C exits 130"
if port_free "$PAYMENTS_PORT"; then pass; else fail "port $PAYMENTS_PORT taken after Ctrl-C"; fi

# Even kill -9 of up itself leaves no process behind: each child's process
# group watches a pipe from up and kills itself when it closes.
st up --only payments --detach
expect_rc 0 "up --detach before kill -9"
daemon="$(cat .strata/up/lock)"
payments_pid="$(ps_field payments pid)"
kill -9 "$daemon"
for _ in $(seq 50); do running "$payments_pid" || break; sleep 0.1; done
if running "$payments_pid"; then fail "service outlived kill -9 of up"; else pass; fi
for _ in $(seq 50); do port_free "$PAYMENTS_PORT" && break; sleep 0.1; done
if port_free "$PAYMENTS_PORT"; then pass; else fail "port taken after kill -9 of up"; fi
st ps
expect_rc 1 "ps after up was killed"
expect_err "not running" "a killed up's state file is not taken for a running one"

finish
