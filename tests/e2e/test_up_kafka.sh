#!/usr/bin/env bash
# strata up with a Kafka-transport service: with no bootstrap in the
# topology, up installs Apache Kafka's jars (once, into the user's cache),
# starts a KRaft broker on loopback before the services and stops it last;
# the monolith reaches the HTTP service directly and the Kafka service by
# request and reply through the broker (confluent-kafka on both ends).
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/up/workspace.sh"

KAFKA_PY="${STRATA_TEST_CACHE:-$HOME/.cache/strata-test}/kafka-venv/bin/python"
if ! "$KAFKA_PY" -c 'import confluent_kafka' 2>/dev/null; then
  fail "no confluent-kafka in $KAFKA_PY: run scripts/install-test-deps"
  finish
  exit 1
fi

service_project orders service.py
service_project billing kafka_service.py "$KAFKA_PY"
monolith_project "$KAFKA_PY"
BILLING_PORT="$PAYMENTS_PORT"
cat >topology.json <<JSON
{"version": 1, "monolith": {"port": $MONOLITH_PORT}, "services": {
  "billing": {"mode": "service", "transport": "kafka", "port": $BILLING_PORT, "replicas": 1},
  "orders": {"mode": "service", "transport": "http", "port": $ORDERS_PORT, "replicas": 1}}}
JSON
git_init

# Without Java, a one-line error naming the Debian packages.
PATH=/nonexistent "$STRATA" up >"$WORK/.out" 2>"$WORK/.err"
RC=$?
ERR="$(cat "$WORK/.err")"
expect_rc 1 "up without java fails"
expect_err "^strata: error: .java. is not on PATH" "missing java named"
expect_err "hint: apt-get install default-jre-headless maven" "the Debian packages named"

st up --detach
expect_rc 0 "up with a kafka service"
expect_out "running in the background" "up detached"
expect_eq "$(ps_field kafka health)" "healthy" "the broker is healthy"
expect_eq "$(ps_field kafka kind)" "broker" "ps names the broker's kind"
kafka_pid="$(ps_field kafka pid)"
kafka_port="$(ps_field kafka port)"
log=.strata/up/up.log
kafka_ready="$(grep -n 'kafka is healthy' "$log" | cut -d: -f1)"
billing_start="$(grep -n 'starting billing' "$log" | cut -d: -f1)"
if [ -n "$kafka_ready" ] && [ -n "$billing_start" ] && [ "$kafka_ready" -lt "$billing_start" ]; then pass; else fail "billing started before the broker was healthy: $(cat "$log")"; fi
expect_file .strata/up/kafka/data/meta.properties "formatted storage under .strata/up/kafka"

answer="$(curl -sf --max-time 40 "http://127.0.0.1:$MONOLITH_PORT/order")"
grep -q '"service": "orders"' <<<"$answer" && pass || fail "request did not reach orders over HTTP: $answer"
grep -q '"service": "billing"' <<<"$answer" && pass || fail "request did not reach billing over Kafka: $answer"
st logs billing
expect_out "billing consumed request" "billing consumed the request from the broker"
expect_out "with Kafka at 127.0.0.1:$kafka_port" "STRATA_KAFKA_BOOTSTRAP names the started broker"

st down
expect_rc 0 "down"
last_stop="$(grep 'stopping ' "$log" | tail -1)"
grep -q "stopping kafka" <<<"$last_stop" && pass || fail "the broker was not stopped last: $last_stop"
if running "$kafka_pid"; then fail "broker pid $kafka_pid still running"; else pass; fi
for port in "$kafka_port" "$BILLING_PORT" "$ORDERS_PORT" "$MONOLITH_PORT"; do
  if port_free "$port"; then pass; else fail "port $port still taken after down"; fi
done

# Again: nothing is installed twice and the storage is reused.
st up --only billing --detach
expect_rc 0 "second up"
if grep -q "installing Apache Kafka" <<<"$ERR"; then fail "jars installed twice"; else pass; fi
expect_eq "$("$STRATA" ps --json | python3 -c 'import json,sys; print(",".join(p["name"] for p in json.load(sys.stdin)["processes"]))')" \
  "kafka,billing" "--only billing brings in the broker it needs"
expect_eq "$(ps_field kafka port)" "$kafka_port" "the broker's storage and ports are reused"
st down
expect_rc 0 "second down"
if port_free "$kafka_port"; then pass; else fail "broker port still taken"; fi

finish
