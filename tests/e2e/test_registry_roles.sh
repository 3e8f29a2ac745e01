#!/usr/bin/env bash
# `strata model api` on the HTTP layer's access model, driven by curl: named
# tokens from a file (NAME ROLE TOKEN), 403 below a route's role, every
# request in the append-only audit log with the token's name and never the
# token; a malformed query escape is a 400, not a 500; the old
# STRATA_REGISTRY_TOKENS form still works, with a deprecation warning.
source "$(dirname "$0")/lib.sh"

echo '{}' > strata.json
export STRATA_REGISTRY_URL="$WORK/registry.sqlite" STRATA_REGISTRY_ARTIFACTS="$WORK/artifacts"
umask 077
cat > "$WORK/tokens" <<'TOKENS'
# name     role    token
dashboard  reader  rd-18be02c7
release    writer  wr-9c04d6aa
ops        admin   ad-3f7e21b5
TOKENS
LOG="$WORK/audit.log"

start_api() {  # start_api [ENV=VALUE...]: $API_PID, $URL
  env "$@" "$STRATA" model api --port 0 --json >"$WORK/api.out" 2>"$WORK/api.err" &
  API_PID=$!
  for _ in $(seq 100); do grep -q url "$WORK/api.out" 2>/dev/null && break; sleep 0.1; done
  URL="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["url"])' "$WORK/api.out")"
}
stop_api() { kill "$API_PID" 2>/dev/null && wait "$API_PID" 2>/dev/null; }
trap 'stop_api; rm -rf "$WORK"' EXIT

req() {  # req TOKEN METHOD PATH [BODY]: $CODE, $BODY
  local auth=()
  [ "$1" != "-" ] && auth=(-H "Authorization: Bearer $1")
  CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$2" "${auth[@]}" -H 'Content-Type: application/json' \
    ${4:+--data-binary "$4"} "$URL$3")"
  BODY="$(cat "$WORK/body")"
}
expect_code() { if [ "$CODE" = "$1" ]; then pass; else fail "$2: HTTP $CODE, expected $1: $BODY"; fi; }

RD=rd-18be02c7 WR=wr-9c04d6aa AD=ad-3f7e21b5
start_api STRATA_REGISTRY_TOKENS_FILE="$WORK/tokens" STRATA_REGISTRY_AUDIT_LOG="$LOG"
[ -n "$URL" ] && pass || fail "the API did not start: $(cat "$WORK/api.err")"
req $RD GET /v1/models
expect_code 200 "a reader lists models"
req $RD POST /v1/models/iris/aliases/production '{"version": "1"}'
expect_code 403 "a reader cannot promote"
grep -q "needs the writer role" <<<"$BODY" && pass || fail "says which role: $BODY"
req $WR POST /v1/models/iris/aliases/production '{"version": "1", "force": true}'
expect_code 403 "a writer cannot force past the gates"
req $WR POST /v1/models/iris/aliases/production/rollback '{}'
[ "$CODE" != 403 ] && [ "$CODE" != 401 ] && pass || fail "a writer may roll back: HTTP $CODE $BODY"
req $WR GET /v1/webhooks
expect_code 403 "a writer cannot list webhooks"
req $AD POST /v1/webhooks '{"url": "http://127.0.0.1:9/hooks"}'
expect_code 201 "an admin adds a webhook"
req $AD GET /v1/webhooks
expect_code 200 "an admin lists webhooks"
grep -q '127.0.0.1:9/hooks' <<<"$BODY" && pass || fail "the webhook: $BODY"
req $RD 'GET' '/v1/models/iris/aliases/production?at=%zz'
expect_code 400 "a malformed %-escape is a bad request"
req $RD 'GET' '/v1/models/iris/events?alias=%4'
expect_code 400 "a truncated %-escape is a bad request"
req nope GET /v1/models
expect_code 401 "an unknown token"
req - GET /health
expect_code 200 "health needs no token"
stop_api

expect_eq "$(stat -c %a "$LOG")" "600" "the audit log is private"
python3 - "$LOG" <<'PY' && pass || fail "audit log: $(cat "$LOG")"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
got = [(l["who"], l["role"], l["method"], l["path"], l["status"], l["outcome"]) for l in lines]
assert got[:7] == [
    ("dashboard", "reader", "GET", "/v1/models", 200, "ok"),
    ("dashboard", "reader", "POST", "/v1/models/iris/aliases/production", 403, "denied"),
    ("release", "writer", "POST", "/v1/models/iris/aliases/production", 403, "denied"),
    ("release", "writer", "POST", "/v1/models/iris/aliases/production/rollback", got[3][4], got[3][5]),
    ("release", "writer", "GET", "/v1/webhooks", 403, "denied"),
    ("ops", "admin", "POST", "/v1/webhooks", 201, "ok"),
    ("ops", "admin", "GET", "/v1/webhooks", 200, "ok"),
], got
assert got[7][4] == 400 and got[8][4] == 400, got
assert got[9] == ("-", "", "GET", "/v1/models", 401, "unauthenticated"), got
assert len(got) == 10, got  # /health is not data access
assert all(l["v"] == 1 and l["time"].endswith("Z") for l in lines)
PY
grep -qE "rd-18be02c7|wr-9c04d6aa|ad-3f7e21b5" "$LOG" "$WORK/api.err" "$WORK/api.out" && fail "a token was written" || pass

# The old form: ROLE:TOKEN pairs in STRATA_REGISTRY_TOKENS, with a warning.
start_api STRATA_REGISTRY_TOKENS=reader:r1,admin:a1 STRATA_REGISTRY_AUDIT_LOG="$LOG"
grep -q "warning: STRATA_REGISTRY_TOKENS is deprecated" "$WORK/api.err" && pass \
  || fail "deprecation warning: $(cat "$WORK/api.err")"
req r1 GET /v1/models
expect_code 200 "an old-form reader token"
req r1 GET /v1/webhooks
expect_code 403 "an old-form reader is still a reader"
req a1 GET /v1/webhooks
expect_code 200 "an old-form admin token"
stop_api
expect_eq "$(tail -1 "$LOG" | python3 -c 'import json,sys; print(json.load(sys.stdin)["who"])')" "admin-2" \
  "old-form tokens are named by role and position"

# No tokens at all is refused; a world-readable tokens file too.
st model api --port 0
expect_rc 2 "no tokens"
expect_err "needs tokens" "says so"
chmod 644 "$WORK/tokens"
st model api --port 0 --tokens "$WORK/tokens"
expect_rc 1 "a world-readable tokens file"
expect_err "hint: chmod 600" "says how to fix it"

finish
