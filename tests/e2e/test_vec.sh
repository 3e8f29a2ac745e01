#!/usr/bin/env bash
# The embedded vector store end to end: collections, JSON-lines upsert from
# `strata db test-vectors`, get/count/delete, top-k queries with filters,
# clear errors, one writer at a time, and a kill -9 during upserts that
# loses nothing acknowledged.
source "$(dirname "$0")/lib.sh"

export STRATA_VECTOR_STORE="$WORK/store"

# ---- create, upsert, count, get --------------------------------------------
st vec create docs --dim 16 --metric cosine
expect_rc 0 "create"
st vec create docs --dim 16 --metric cosine
expect_rc 0 "create again with the same spec is fine"
st vec create docs --dim 8
expect_rc 1 "create with another dimension"
expect_err "exists with dimension 16" "conflicting create names the existing dimension"

"$STRATA" db test-vectors 500 --dim 16 --seed 7 --metadata lang=en,de,fr --metadata tier=a,b >"$WORK/v.jsonl"
st vec upsert docs --file "$WORK/v.jsonl"
expect_rc 0 "upsert"
expect_eq "$(grep -c '"status":"upserted"' <<<"$OUT")" "500" "one acknowledgement per record"
expect_err "Upserted 500 records into 'docs' in [0-9.]+ s \(writes acknowledged in [0-9.]+ s, [0-9]+ records/s\)" \
  "upsert summary: the whole command's time and the acknowledged rate apart"

st vec count docs
expect_eq "$OUT" "500" "count"
st vec count docs --where '{"lang": "de"}' --json
expect_out '"count":[0-9]+' "filtered count as JSON"
de_count="$(grep -c '"lang":"de"' "$WORK/v.jsonl")"
expect_out "\"count\":$de_count" "filtered count matches the input"

# Numbers stay numbers in test-vectors, and a filter of the wrong type warns.
"$STRATA" db test-vectors 20 --dim 16 --seed 3 --metadata year=2020,2021 --id-prefix y- >"$WORK/years.jsonl"
st vec upsert docs --file "$WORK/years.jsonl" --quiet
st vec count docs --where '{"year": {"$gte": 2020}}'
expect_eq "$OUT" "20" "numeric test-vectors metadata compares as numbers"
st vec count docs --where '{"year": "2020"}'
expect_eq "$OUT" "0" "a string never equals a number"
expect_err "warning: filter on 'year' compares a string with values stored as numbers" "type mismatch warns"
st vec query docs --where '{"year": "2020"}' --vector '[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'
expect_err "warning: filter on 'year'" "type mismatch warns on query too"
st vec count docs --where '{"year": {"$regex": "20"}}'
expect_rc 1 "unsupported operator"
expect_err 'supported here: \$eq, \$ne, \$gt' "unsupported operator lists the supported ones"
st vec delete docs $(seq -f 'y-%06g' 0 19)

# drop deletes a collection and its files.
st vec create scratch --dim 2
st vec drop scratch
expect_rc 0 "drop"
expect_err "Dropped collection 'scratch'" "drop message"
if [ -e "$STRATA_VECTOR_STORE/scratch" ] || [ -e "$WORK/.strata/vectors/scratch" ]; then fail "drop left files"; else pass; fi
st vec drop scratch
expect_rc 1 "drop an unknown collection"
expect_err "no collection 'scratch'" "drop names the missing collection"

first_id="$(head -1 "$WORK/v.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
st vec get docs "$first_id" nope
expect_rc 1 "get with a missing id fails"
expect_out "\"id\":\"$first_id\"" "get prints the found record"
expect_err "1 of 2 ids not found" "get names the missing count"

# ---- query --------------------------------------------------------------------
head -1 "$WORK/v.jsonl" >"$WORK/q.jsonl"
st vec query docs -k 3 --file "$WORK/q.jsonl"
expect_rc 0 "query"
top="$(python3 -c 'import json,sys; h=json.loads(sys.argv[1])["hits"]; print(h[0]["id"], len(h), round(h[0]["score"], 4))' "$OUT")"
expect_eq "$top" "$first_id 3 0.0" "the nearest record to a stored vector is itself, at distance 0"
st vec query docs -k 50 --where '{"$and": [{"lang": {"$in": ["de", "fr"]}}, {"tier": "b"}]}' --file "$WORK/q.jsonl"
expect_rc 0 "filtered query"
python3 - "$OUT" "$WORK/v.jsonl" <<'PY' && pass || fail "filtered query: every hit matches and k are returned"
import json, sys
hits = json.loads(sys.argv[1])["hits"]
rows = [json.loads(l) for l in open(sys.argv[2])]
matching = [r for r in rows if r["metadata"]["lang"] in ("de", "fr") and r["metadata"]["tier"] == "b"]
assert len(hits) == min(50, len(matching)), (len(hits), len(matching))
assert all(h["metadata"]["lang"] in ("de", "fr") and h["metadata"]["tier"] == "b" for h in hits)
scores = [h["score"] for h in hits]
assert scores == sorted(scores)
PY

# ---- --parallel: the same answers, in the same order -----------------------------
python3 - "$WORK/v.jsonl" >"$WORK/mixed.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])][:60]
wheres = [None, {"lang": "de"}, {"$and": [{"lang": {"$in": ["de", "fr"]}}, {"tier": "b"}]},
          {"tier": "nope"}]
for i, r in enumerate(rows):
    q = {"id": i, "embedding": r["embedding"], "k": 1 + i % 7}
    if wheres[i % 4] is not None:
        q["where"] = wheres[i % 4]
    print(json.dumps(q))
PY
st vec query docs --file "$WORK/mixed.jsonl" --parallel 1
expect_rc 0 "query --parallel 1"
cp "$WORK/.out" "$WORK/serial.out"
serial_err="$(grep -c warning <<<"$ERR")"
st vec query docs --file "$WORK/mixed.jsonl" --parallel 4
expect_rc 0 "query --parallel 4"
if cmp -s "$WORK/.out" "$WORK/serial.out"; then pass; else fail "--parallel 4 printed other answers than --parallel 1"; fi
expect_eq "$(grep -c warning <<<"$ERR")" "$serial_err" "... and the same warnings"
expect_err "Answered 60 queries \([0-9.]+ s CPU\) in [0-9.]+ s" "the summary line keeps its shape"
{ head -30 "$WORK/mixed.jsonl"; echo '{"embedding": "nope"}'; tail -29 "$WORK/mixed.jsonl"; } >"$WORK/bad.jsonl"
st vec query docs --file "$WORK/bad.jsonl" --parallel 4
expect_rc 1 "a bad line fails with --parallel too"
expect_err "bad.jsonl:31" "... at its own line"
expect_eq "$OUT" "$(head -30 "$WORK/serial.out")" "... after every earlier line's answer"
st vec query docs --file "$WORK/mixed.jsonl" --parallel 0
expect_rc 1 "--parallel 0 is refused"

# ---- delete and replace ---------------------------------------------------------
st vec delete docs "$first_id"
expect_out '"deleted":1' "delete"
st vec query docs -k 1 --file "$WORK/q.jsonl"
expect_no_out "hits\":\\[\\{\"id\":\"$first_id\"" "a deleted record is not returned"
echo '{"id": "x1", "embedding": [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0], "metadata": {"v": 1}}' >"$WORK/x.jsonl"
echo '{"id": "x1", "embedding": [0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0], "metadata": {"v": 2}}' >>"$WORK/x.jsonl"
st vec upsert docs --file "$WORK/x.jsonl" --quiet
st vec query docs -k 1 --vector '[0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'
expect_out '"id":"x1".*"v":2' "an upsert replaces the record"
st vec count docs
expect_eq "$OUT" "500" "count after delete and insert"

# ---- clear errors -----------------------------------------------------------------
st vec count dcos
expect_rc 1 "unknown collection"
expect_err "no collection 'dcos'" "unknown collection message"
expect_err "did you mean 'docs'" "unknown collection hint"
st vec query docs --where '{"lang": {"$inn": ["de"]}}' --vector '[1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]'
expect_rc 1 "bad filter operator"
expect_err "did you mean '\\\$in'" "bad filter hint"
printf '%s\n%s\n' '{"id": "ok1", "embedding": [1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1]}' '{"id": "bad", "embedding": [1,2,3]}' >"$WORK/bad.jsonl"
st vec upsert docs --file "$WORK/bad.jsonl"
expect_rc 1 "upsert with a wrong dimension"
expect_err "bad.jsonl:2: record 'bad': embedding has 3 values, collection 'docs' has dimension 16" "error names file:line"
st vec get docs ok1
expect_rc 0 "the record before the bad line was saved"
st vec create Docs --dim 4
expect_rc 1 "invalid collection name"
st vec qurey docs
expect_rc 2 "unknown subcommand is a usage error"
expect_err "did you mean 'query'" "unknown subcommand hint"

# ---- one writer at a time ------------------------------------------------------------
"$STRATA" vec serve --port 0 --json >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
# The server opens collections on first use; touch docs to take its writer lock.
url="$(json 'd["url"]' "$WORK/serve.out")"
curl -s -X POST "$url/v1/collections/docs/upsert" -d '{"records": []}' >/dev/null
st vec upsert docs --file "$WORK/x.jsonl"
expect_rc 1 "a second writer is refused"
expect_err "collection 'docs' is locked for writing by pid $serve_pid" "second writer message names the pid"
st vec count docs
expect_rc 0 "readers need no lock"
kill -TERM "$serve_pid"
wait "$serve_pid"
expect_eq "$?" "0" "serve stops cleanly on SIGTERM"

# ---- kill -9 during upserts loses nothing acknowledged --------------------------------
# An acknowledged record is committed but may not be in the HNSW index yet:
# reopening replays it and a query finds it. Both durability modes keep
# every acknowledged record through kill -9.
"$STRATA" db test-vectors 20000 --dim 32 --seed 3 >"$WORK/k.jsonl"
crash_check() {
  local name="$1"
  shift
  st vec create "$name" --dim 32 --metric l2 "$@"
  "$STRATA" vec upsert "$name" --batch 1 --file "$WORK/k.jsonl" >"$WORK/acks.jsonl" 2>/dev/null &
  up_pid=$!
  for _ in $(seq 200); do [ "$(wc -l <"$WORK/acks.jsonl")" -ge 300 ] && break; sleep 0.05; done
  kill -9 "$up_pid"
  wait "$up_pid" 2>/dev/null
  # Only complete lines are acknowledgements.
  python3 - "$WORK/acks.jsonl" >"$WORK/acked_ids" <<'PY'
import json, sys
for line in open(sys.argv[1]).read().split("\n")[:-1]:
    print(json.loads(line)["id"])
PY
  acked="$(wc -l <"$WORK/acked_ids")"
  [ "$acked" -ge 300 ] && [ "$acked" -lt 20000 ] && pass || fail "$name: the upsert was killed mid-way (acked $acked)"
  st vec get "$name" --file "$WORK/acked_ids"
  expect_rc 0 "$name: every acknowledged record survives kill -9"
  expect_eq "$(grep -c '"id"' <<<"$OUT")" "$acked" "$name: all acknowledged records read back"
  st vec count "$name"
  [ "$OUT" -ge "$acked" ] && pass || fail "$name: count after the crash ($OUT) covers the acknowledged ($acked)"
  last_id="$(tail -1 "$WORK/acked_ids")"
  grep "\"$last_id\"" "$WORK/k.jsonl" >"$WORK/lastq.jsonl"
  st vec query "$name" -k 1 --file "$WORK/lastq.jsonl"
  expect_out "\"id\":\"$last_id\"" "$name: the index after the crash finds the last acknowledged record"
  st vec upsert "$name" --file "$WORK/x.jsonl" --quiet
  expect_rc 1 "$name: a dimension error after the crash is still an error"
  st vec info "$name"
  expect_out '"records": ' "$name: info after the crash"
}
crash_check crash
crash_check crash_process --durability process
expect_out '"durability": "process"' "info shows the collection's durability"

finish
