#!/usr/bin/env bash
# `strata vec serve` with named tokens and roles, driven by curl: a reader
# reads but its writes get 403, a writer upserts but cannot drop a
# collection, an admin can; every request lands in the append-only audit
# log (JSON lines, versioned) with the token's name, never the token.
source "$(dirname "$0")/lib.sh"

export STRATA_VECTOR_STORE="$WORK/store"
umask 077
cat > "$WORK/tokens" <<'TOKENS'
# name     role    token
dashboard  reader  rd-7f3a9c2e
ingest     writer  wr-51be08d4
ops        admin   ad-c4d2e6f1
TOKENS
LOG="$WORK/audit.log"
STRATA_VECTOR_TOKENS_FILE="$WORK/tokens" "$STRATA" vec serve --port 0 --json --audit-log "$LOG" \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/serve.out")"

req() {  # req TOKEN METHOD PATH [BODY]: $CODE, $BODY
  local auth=()
  [ "$1" != "-" ] && auth=(-H "Authorization: Bearer $1")
  CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$2" "${auth[@]}" -H 'Content-Type: application/json' \
    ${4:+--data-binary "$4"} "$URL$3")"
  BODY="$(cat "$WORK/body")"
}
expect_code() { if [ "$CODE" = "$1" ]; then pass; else fail "$2: HTTP $CODE, expected $1: $BODY"; fi; }

RD=rd-7f3a9c2e WR=wr-51be08d4 AD=ad-c4d2e6f1
req $WR POST /v1/collections '{"name": "docs", "dim": 2}'
expect_code 403 "a writer cannot create a collection"
grep -q '"code":"forbidden"' <<<"$BODY" && pass || fail "403 body: $BODY"
grep -q "needs the admin role" <<<"$BODY" && pass || fail "says which role: $BODY"
req $AD POST /v1/collections '{"name": "docs", "dim": 2}'
expect_code 201 "an admin creates it"
req $RD POST /v1/collections/docs/upsert '{"records": [{"id": "a", "embedding": [1, 0]}]}'
expect_code 403 "a reader's write is refused"
req $WR POST /v1/collections/docs/upsert '{"records": [{"id": "a", "embedding": [1, 0]}, {"id": "b", "embedding": [0, 1]}]}'
expect_code 200 "a writer upserts"
req $RD POST /v1/collections/docs/query '{"embedding": [1, 0], "k": 1}'
expect_code 200 "a reader queries"
grep -q '"id":"a"' <<<"$BODY" && pass || fail "the query answer: $BODY"
req $RD GET /v1/collections/docs
expect_code 200 "a reader reads a collection"
req $RD POST /v1/collections/docs/delete '{"ids": ["a"]}'
expect_code 403 "a reader cannot delete records"
req $WR DELETE /v1/collections/docs
expect_code 403 "a writer cannot drop a collection"
req nope GET /v1/collections
expect_code 401 "an unknown token"
req - GET /health
expect_code 200 "health needs no token"
req $AD DELETE /v1/collections/docs
expect_code 200 "an admin drops it"

kill "$serve_pid" && wait "$serve_pid" 2>/dev/null
expect_eq "$(stat -c %a "$LOG")" "600" "the audit log is private"
python3 - "$LOG" <<'PY' && pass || fail "audit log: $(cat "$LOG")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
got = [(l["who"], l["method"], l["path"], l["status"], l["outcome"]) for l in lines]
want = [
    ("ingest", "POST", "/v1/collections", 403, "denied"),
    ("ops", "POST", "/v1/collections", 201, "ok"),
    ("dashboard", "POST", "/v1/collections/docs/upsert", 403, "denied"),
    ("ingest", "POST", "/v1/collections/docs/upsert", 200, "ok"),
    ("dashboard", "POST", "/v1/collections/docs/query", 200, "ok"),
    ("dashboard", "GET", "/v1/collections/docs", 200, "ok"),
    ("dashboard", "POST", "/v1/collections/docs/delete", 403, "denied"),
    ("ingest", "DELETE", "/v1/collections/docs", 403, "denied"),
    ("-", "GET", "/v1/collections", 401, "unauthenticated"),
    ("ops", "DELETE", "/v1/collections/docs", 200, "ok"),
]
assert got == want, got
assert all(l["v"] == 1 and l["time"].endswith("Z") for l in lines)
assert [l["role"] for l in lines][:2] == ["writer", "admin"]
PY
grep -qE "rd-7f3a9c2e|wr-51be08d4|ad-c4d2e6f1" "$LOG" "$WORK/serve.err" "$WORK/serve.out" && fail "a token was written" || pass

# Restarting appends; a tokens file others can read is refused; a bad role names its line.
STRATA_VECTOR_TOKENS_FILE="$WORK/tokens" "$STRATA" vec serve --port 0 --json --audit-log "$LOG" \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/serve.out")"
req $RD GET /v1/collections
kill "$serve_pid" && wait "$serve_pid" 2>/dev/null
expect_eq "$(wc -l <"$LOG")" "11" "a restarted server appends to the log"
chmod 644 "$WORK/tokens"
st vec serve --port 0 --tokens "$WORK/tokens"
expect_rc 1 "a world-readable tokens file"
expect_err "tokens file is readable by other users" "says so"
expect_err "hint: chmod 600" "and how to fix it"
chmod 600 "$WORK/tokens"
echo "intruder owner zz-secret" >> "$WORK/tokens"
st vec serve --port 0 --tokens "$WORK/tokens"
expect_rc 1 "an unknown role"
expect_err "tokens:5:1: unknown role 'owner'" "names the line"
grep -q zz-secret <<<"$ERR" && fail "the token was printed" || pass

finish
