#!/usr/bin/env bash
# The HTTP layer under `strata vec serve`, driven by real clients on
# 127.0.0.1: slow clients (8 and 200 connections that send half a request)
# do not hold up /health, a huge Content-Length is refused before any body,
# a wrong method gets 405 + Allow, connections past the limit get 503, TLS
# works with a self-signed certificate checked by curl, /metrics parses as
# Prometheus text, and binding beyond loopback without a token warns.
source "$(dirname "$0")/lib.sh"

pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT

# serve NAME ARGS...: starts `vec serve` on its own store in the background
# (one writer per collection); sets $URL.
serve() {
  local name="$1"
  shift
  "$STRATA" vec serve --store "$WORK/$name-store" --port 0 --json "$@" >"$WORK/$name.out" 2>"$WORK/$name.err" &
  pids+=($!)
  for _ in $(seq 100); do grep -q url "$WORK/$name.out" 2>/dev/null && break; sleep 0.1; done
  URL="$(json 'd["url"]' "$WORK/$name.out")"
}

"$STRATA" vec create docs --dim 2 --store "$WORK/plain-store" >/dev/null 2>&1
serve plain --read-timeout 3 --max-body-mb 1
PORT="${URL##*:}"

# slowloris N: N connections that each send half a request, held open
# until the server drops them (bounded: 20 s). Prints "ready" once all are
# open, then "dropped K" for the connections the server closed.
slowloris() {
  python3 - "$PORT" "$1" <<'PY'
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
conns = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"POST /v1/collections HTTP/1.1\r\nHost: x\r\nContent-Le")
    conns.append(s)
print("ready", flush=True)
dropped, deadline = 0, time.time() + 20
for s in conns:
    s.settimeout(max(0.1, deadline - time.time()))
    try:
        while s.recv(4096):
            pass
        dropped += 1
    except OSError:
        pass
print("dropped", dropped, flush=True)
PY
}

# health_while_slow N: /health answers 200 within 2 s while N slow clients hold connections.
health_while_slow() {
  local n="$1"
  coproc SLOW { slowloris "$n"; }
  local line
  read -r -t 30 line <&"${SLOW[0]}"
  expect_eq "$line" "ready" "$n slow connections opened"
  local out
  out="$(curl -s -o /dev/null -w '%{http_code} %{time_total}' --max-time 2 "$URL/health")"
  if [ "${out%% *}" = 200 ]; then pass; else fail "/health with $n slow clients: '$out'"; fi
  echo "  /health with $n slow connections open: ${out#* } s" >&2
  read -r -t 30 line <&"${SLOW[0]}"
  expect_eq "$line" "dropped $n" "the server drops all $n half requests after the read timeout"
  wait "$SLOW_PID" 2>/dev/null
}
health_while_slow 8
health_while_slow 200

# A Content-Length far over the limit is answered at once, before any body.
raw="$(python3 - "$PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.settimeout(5)
s.sendall(b"POST /v1/collections/docs/upsert HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n")
print(s.recv(4096).decode(errors="replace"))
PY
)"
if grep -q "^HTTP/1.1 413 " <<<"$raw" && grep -q payload_too_large <<<"$raw"; then pass; else fail "huge Content-Length: '$raw'"; fi

# Chunked bodies count against the limit as they arrive.
python3 -c 'print("{\"records\": [" + ",".join(["{\"id\": \"x\", \"embedding\": [0, 0]}"] * 60000) + "]}")' >"$WORK/chunky.json"
CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -H 'Transfer-Encoding: chunked' --data-binary @"$WORK/chunky.json" "$URL/v1/collections/docs/upsert")"
expect_eq "$CODE" "413" "a chunked body over the limit"

# curl -d (form encoded) may send up to the limit like any other body.
python3 -c 'import json; print(json.dumps({"records": [{"id": str(i), "embedding": [0.5, 0.25]} for i in range(500)]}))' >"$WORK/form.json"
CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -d @"$WORK/form.json" "$URL/v1/collections/docs/upsert")"
expect_eq "$CODE" "200" "curl -d with a $(wc -c <"$WORK/form.json")-byte body"

# Wrong method: 405 and Allow.
CODE="$(curl -s -D "$WORK/h" -o /dev/null -w '%{http_code}' -X PATCH "$URL/v1/collections/docs")"
expect_eq "$CODE" "405" "PATCH on a collection"
if grep -qi '^Allow: GET, DELETE' "$WORK/h"; then pass; else fail "Allow header: $(cat "$WORK/h")"; fi

# /metrics: Prometheus text with the requests, the histogram and the open connections.
curl -s "$URL/metrics" >"$WORK/metrics"
python3 - "$WORK/metrics" <<'PY' && pass || fail "/metrics: $(head -c 2000 "$WORK/metrics")"
import re, sys
samples = {}
for line in open(sys.argv[1]):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    m = re.fullmatch(r'([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)', line)
    assert m, line
    samples[m.group(1) + (m.group(2) or "")] = float(m.group(3))
assert samples['strata_http_requests_total{route="/health",method="GET",status="200"}'] >= 2
assert any(k.startswith("strata_http_requests_total") and 'method="PATCH"' in k and 'status="405"' in k for k in samples)
assert samples['strata_http_request_duration_seconds_bucket{le="+Inf"}'] == samples["strata_http_request_duration_seconds_count"]
assert samples["strata_http_open_connections"] >= 1
PY

# Past --max-connections, a connection gets 503 at once.
serve limited --max-connections 2 --read-timeout 5
PORT="${URL##*:}"
raw="$(python3 - "$PORT" <<'PY'
import socket, sys
port = int(sys.argv[1])
held = [socket.create_connection(("127.0.0.1", port)) for _ in range(2)]
for s in held:
    s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
    s.settimeout(5)
    s.recv(4096)  # both are being served now
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(5)
print(s.recv(4096).decode(errors="replace").split("\r\n")[0])
PY
)"
expect_eq "$raw" "HTTP/1.1 503 Service Unavailable" "a connection over the limit"

# TLS with a self-signed certificate, checked by curl against it.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" >/dev/null 2>&1
serve tls --tls-cert "$WORK/cert.pem" --tls-key "$WORK/key.pem"
case "$URL" in https://*) pass ;; *) fail "TLS server URL: $URL" ;; esac
CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' --cacert "$WORK/cert.pem" "$URL/v1/collections")"
expect_eq "$CODE" "200" "HTTPS request verified against the certificate"
CODE="$(curl -s -o /dev/null -w '%{http_code}' "${URL/https/http}/health")"
if [ "$CODE" != 200 ]; then pass; else fail "plain HTTP on the TLS port was answered"; fi
"$STRATA" vec serve --store "$WORK/nokey-store" --port 0 --tls-cert "$WORK/cert.pem" >/dev/null 2>"$WORK/nokey.err"
expect_eq "$?" "1" "--tls-cert without --tls-key"

"$STRATA" vec serve --store "$WORK/zero-store" --port 0 --max-connections 0 >/dev/null 2>"$WORK/zero.err"
expect_eq "$?" "1" "--max-connections 0 is refused"

# Beyond loopback without a token: one warning line (started and stopped at once).
"$STRATA" vec serve --store "$WORK/open-store" --host 0.0.0.0 --port 0 --json >"$WORK/open.out" 2>"$WORK/open.err" &
open_pid=$!
pids+=("$open_pid")
for _ in $(seq 100); do grep -q url "$WORK/open.out" 2>/dev/null && break; sleep 0.1; done
kill "$open_pid"
wait "$open_pid" 2>/dev/null
if [ "$(grep -c 'warning: serving on 0.0.0.0 without a token' "$WORK/open.err")" = 1 ]; then pass; else
  fail "no single warning for 0.0.0.0: $(cat "$WORK/open.err")"; fi
if grep -q warning "$WORK/plain.err"; then fail "warning on 127.0.0.1: $(cat "$WORK/plain.err")"; else pass; fi
finish
