#!/usr/bin/env bash
# `strata vec serve` end to end: the JSON HTTP API on loopback, its bearer
# token, body size limit and 4xx answers to malformed requests.
source "$(dirname "$0")/lib.sh"

export STRATA_VECTOR_STORE="$WORK/store"
TOKEN=s3cret
"$STRATA" vec serve --port 0 --json --token "$TOKEN" --max-body-mb 1 >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
trap 'kill "$serve_pid" 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="$(json 'd["url"]' "$WORK/serve.out")"

# req METHOD PATH [BODY] [AUTH]: $CODE is the status, $BODY the answer.
req() {
  local auth=(-H "Authorization: Bearer $TOKEN")
  [ "${4:-auth}" = "noauth" ] && auth=()
  CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -X "$1" "${auth[@]}" -H 'Content-Type: application/json' \
    ${3:+--data-binary "$3"} "$URL$2")"
  BODY="$(cat "$WORK/body")"
}
expect_code() {
  if [ "$CODE" = "$1" ]; then pass; else fail "$2: HTTP $CODE, expected $1: $BODY"; fi
}
expect_body() {
  if grep -qE -- "$1" <<<"$BODY"; then pass; else fail "$2: body lacks /$1/: $BODY"; fi
}

req GET /health "" noauth
expect_code 200 "health needs no token"
req GET /v1/collections "" noauth
expect_code 401 "no token"
expect_body '"code":"unauthorized"' "401 body"
CODE="$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Bearer wrong' "$URL/v1/collections")"
expect_code 401 "wrong token"

req POST /v1/collections '{"name": "docs", "dim": 4, "metric": "l2"}'
expect_code 201 "create"
req POST /v1/collections '{"name": "docs", "dim": 5, "metric": "l2"}'
expect_code 409 "create with another dimension"
req POST /v1/collections '{"name": "Bad Name", "dim": 4}'
expect_code 400 "invalid name"
req POST /v1/collections '{"name": "x", "dim": 4, "metric": "cosinus"}'
expect_code 400 "unknown metric"
expect_body "did you mean 'cosine'" "unknown metric hint"

req POST /v1/collections/docs/upsert '{"records": [
  {"id": "a", "embedding": [0, 0, 0, 0], "metadata": {"color": "red", "n": 1}},
  {"id": "b", "embedding": [1, 0, 0, 0], "metadata": {"color": "blue", "n": 2}},
  {"id": "c", "embedding": [2, 0, 0, 0], "metadata": {"color": "red", "n": 3}}]}'
expect_code 200 "upsert"
expect_body '"upserted":3' "upsert count"
req POST /v1/collections/docs/count '{"where": {"color": "red"}}'
expect_body '"count":2' "filtered count"
req POST /v1/collections/docs/query '{"embedding": [1.9, 0, 0, 0], "k": 2}'
expect_code 200 "query"
python3 - "$BODY" <<'PY' && pass || fail "query answer: ids, scores, metadata, closest first: $BODY"
import json, sys
hits = json.loads(sys.argv[1])["hits"]
assert [h["id"] for h in hits] == ["c", "b"]
assert abs(hits[0]["score"] - 0.1) < 1e-5 and hits[0]["metadata"]["n"] == 3
PY
req POST /v1/collections/docs/query '{"embedding": [0, 0, 0, 0], "k": 5, "where": {"$or": [{"n": {"$gte": 3}}, {"color": "blue"}]}}'
expect_body '^\{"hits":\[\{"id":"b".*"id":"c"' "filtered query"
req POST /v1/collections/docs/get '{"ids": ["a", "zz"]}'
expect_body '"records":\[\{"embedding":\[0\.0,0\.0,0\.0,0\.0\],"id":"a"' "get"
req POST /v1/collections/docs/delete '{"ids": ["a"]}'
expect_body '"deleted":1' "delete"
req GET /v1/collections/docs
expect_body '"records":2' "info"

# ---- malformed requests get 4xx ------------------------------------------------
req POST /v1/collections/docs/query '{"embedding": [1, 2'
expect_code 400 "malformed JSON"
expect_body '"code":"bad_request".*not valid JSON' "malformed JSON message"
req POST /v1/collections/docs/query '[1, 2, 3]'
expect_code 400 "body that is not an object"
req POST /v1/collections/docs/query '{"embedding": [1, 2, 3]}'
expect_code 400 "wrong dimension"
expect_body 'has 3 values, the collection has dimension 4' "wrong dimension message"
req POST /v1/collections/docs/query '{"embedding": [1, 2, 3, 4], "k": 0}'
expect_code 400 "k out of range"
req POST /v1/collections/docs/query '{"embedding": [1, 2, 3, 4], "where": {"n": {"$gtt": 1}}}'
expect_code 400 "bad filter"
expect_body "did you mean '\\\$gt'" "bad filter hint"
req POST /v1/collections/docs/upsert '{"records": [{"id": "z", "embedding": ["x", 1, 2, 3]}]}'
expect_code 400 "non-numeric embedding"
expect_body 'records\[0\]' "bad record is named by index"
req POST /v1/collections/dosc/query '{"embedding": [1, 2, 3, 4]}'
expect_code 404 "unknown collection"
expect_body "did you mean 'docs'" "unknown collection hint"
req GET /v2/nothing
expect_code 404 "unknown route"
python3 -c 'import json; print(json.dumps({"records": [{"id": str(i), "embedding": [0.123456789] * 4} for i in range(20000)]}))' >"$WORK/big.json"
CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" --data-binary @"$WORK/big.json" "$URL/v1/collections/docs/upsert")"
BODY="$(cat "$WORK/body")"
expect_code 413 "body over the size limit"
req POST /v1/collections/docs/count '{}'
expect_body '"count":2' "nothing from the refused body was written"
# `curl -d` sends application/x-www-form-urlencoded: the body limit is the
# same for it (it once stopped at 8 KB whatever --max-body-mb said).
python3 -c 'import json; print(json.dumps({"records": [{"id": "big", "embedding": [0.123456789] * 4, "metadata": {"pad": "x" * 20000}}]}))' >"$WORK/form.json"
CODE="$(curl -s -o "$WORK/body" -w '%{http_code}' -H "Authorization: Bearer $TOKEN" -d @"$WORK/form.json" "$URL/v1/collections/docs/upsert")"
BODY="$(cat "$WORK/body")"
expect_code 200 "curl -d with a 20 KB body under --max-body-mb 1"
req POST /v1/collections/docs/delete '{"ids": ["big"]}'

# Info shows no file paths of the server.
req GET /v1/collections/docs
if grep -q "$WORK" <<<"$BODY"; then fail "collection info shows the server's paths: $BODY"; else pass; fi
req POST /v1/collections/nothere/query '{"embedding": [1, 2, 3, 4]}'
if grep -q "$WORK" <<<"$BODY"; then fail "not-found message shows the server's paths: $BODY"; else pass; fi

# A filter comparing a number with strings warns instead of silently matching nothing.
req POST /v1/collections/docs/count '{"where": {"color": 5}}'
expect_body '"count":0' "mismatched filter counts nothing"
expect_body '"warnings":\[".*color.*number.*strings' "mismatched filter warns"
req POST /v1/collections/docs/query '{"embedding": [0, 0, 0, 0], "where": {"n": "2"}}'
expect_body '"warnings":\[".*n.*string.*numbers' "mismatched query filter warns"
req POST /v1/collections/docs/count '{"where": {"n": {"$regex": "x"}}}'
expect_code 400 "unsupported operator"
expect_body 'supported here: \$eq, \$ne' "unsupported operator lists the supported ones"

# Wrong method on a known path: 405 with Allow.
CODE="$(curl -s -D "$WORK/headers" -o "$WORK/body" -w '%{http_code}' -X PUT -H "Authorization: Bearer $TOKEN" "$URL/v1/collections")"
expect_code 405 "PUT on /v1/collections"
if grep -qi '^Allow: GET, POST' "$WORK/headers"; then pass; else fail "405 without Allow: $(cat "$WORK/headers")"; fi

# DELETE /v1/collections/NAME drops a collection.
req POST /v1/collections '{"name": "scratch", "dim": 2}'
req DELETE /v1/collections/scratch
expect_code 200 "drop a collection"
expect_body '"dropped":"scratch"' "drop answer"
req GET /v1/collections/scratch
expect_code 404 "a dropped collection is gone"
req DELETE /v1/collections/scratch
expect_code 404 "dropping it again"

# A request line that is not HTTP at all.
raw="$(python3 - "$URL" <<'PY'
import socket, sys
host, port = sys.argv[1].rsplit("/", 1)[1].split(":")
s = socket.create_connection((host, int(port)))
s.sendall(b"NONSENSE\r\n\r\n")
print(s.recv(200).split(b"\r\n")[0].decode())
PY
)"
if grep -q " 400 " <<<"$raw"; then pass; else fail "garbage request line: got '$raw'"; fi

kill -TERM "$serve_pid"
wait "$serve_pid"
expect_eq "$?" "0" "SIGTERM stops the server cleanly"
expect_file "$WORK/store/docs/index.hnsw" "the writer saves its snapshot on the way out"
finish
