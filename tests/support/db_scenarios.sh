# End-to-end scenarios for `strata db` shared by the SQLite and PostgreSQL
# tests. The sourcing script sets URL (the database under test) and defines
# q SQL (prints the first column of the first row) before calling them.
# Each scenario works in its own directory under $WORK with its own fresh
# database: scenario NAME creates it and cds there.

# new_ws NAME: a fresh workspace directory with strata.json.
new_ws() {
  mkdir -p "$WORK/$1/db/migrations"
  cd "$WORK/$1"
  echo '{}' >strata.json
}

mig() { printf '%s\n' "$2" >"db/migrations/$1"; }

scenario_migrate_and_status() {
  new_ws basic
  mig 20240101000000_create_users.sql "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT NOT NULL);"
  mig 20240102000000_add_email.sql "ALTER TABLE users ADD COLUMN email TEXT;"
  st db migrate --url "$URL" --dry-run
  expect_rc 0 "dry run"
  expect_out "2 migration\(s\) to apply" "dry run plan"
  st db status --url "$URL" --json
  expect_eq "$(jq -r '[.migrations[].state] | join(",")' <<<"$OUT")" "pending,pending" "dry run changes nothing"
  expect_rc 0 "pending migrations alone do not fail status"
  st db status --url "$URL" --check
  expect_rc 1 "status --check fails on pending migrations"
  expect_err "2 pending" "status --check says what is pending"
  st db migrate --url "$URL"
  expect_rc 0 "migrate"
  expect_out "applied +20240101000000_create_users \([0-9]+ ms\)" "progress line per migration"
  expect_out "Applied 2 migration" "migrate summary"
  st db migrate --url "$URL"
  expect_rc 0 "migrate again"
  expect_out "Nothing to apply" "second migrate applies nothing"
  st db status --url "$URL" --check
  expect_rc 0 "status --check when everything is applied"
  st db status --url "$URL" --json
  expect_rc 0 "status --json"
  expect_eq "$(jq -r '[.migrations[].state] | join(",")' <<<"$OUT")" "applied,applied" "status states"
  expect_eq "$(jq -r '.migrations[0].appliedBy' <<<"$OUT")" "e2e-actor" "applied_by from STRATA_ACTOR"
  expect_eq "$(q "SELECT count(*) FROM strata_schema_history WHERE state = 'applied'")" "2" "history rows"
  expect_eq "$(q "SELECT value FROM strata_meta WHERE key = 'schema_history_format'")" "1" "history format recorded"
}

scenario_failing_migration() {
  new_ws failing
  mig 1_ok.sql "CREATE TABLE good(x INTEGER);"
  printf 'CREATE TABLE half(x INTEGER);\n\nINSERT INTO no_such_table VALUES (1);\n' >db/migrations/2_bad.sql
  mig 3_later.sql "CREATE TABLE later(x INTEGER);"
  st db migrate --url "$URL"
  expect_rc 1 "failing migration exits 1"
  expect_err "db/migrations/2_bad.sql:3(:[0-9]+)?: migration 2 failed and was rolled back" "error names file and line"
  expect_err "no_such_table" "error carries the database's message"
  FAILED_ERR="$ERR"
  expect_eq "$(q "SELECT count(*) FROM strata_schema_history")" "1" "left at the last good version"
  expect_eq "$(q "SELECT max(version) FROM strata_schema_history")" "1" "last good version is 1"
  st db status --url "$URL" --json
  expect_eq "$(jq -r '[.migrations[].state] | join(",")' <<<"$OUT")" "applied,pending,pending" "status after failure"
}

scenario_drift_and_repair() {
  new_ws drift
  mig 1_a.sql "CREATE TABLE a(x INTEGER);"
  st db migrate --url "$URL"
  expect_rc 0 "migrate before edit"
  mig 1_a.sql "CREATE TABLE a(x INTEGER, y INTEGER);"
  mig 2_b.sql "CREATE TABLE b(x INTEGER);"
  st db migrate --url "$URL"
  expect_rc 1 "edited applied migration is refused"
  expect_err "db/migrations/1_a.sql: applied migration changed since it was applied" "drift names the file"
  expect_err "strata db repair" "drift hint"
  st db status --url "$URL" --json
  expect_eq "$(jq -r '.migrations[0].state' <<<"$OUT")" "changed" "status shows drift"
  expect_rc 1 "status exits 1 on drift"
  st db status --url "$URL"
  expect_rc 1 "status exits 1 on drift (text)"
  expect_err "1 drifted" "status names the drift"
  st db repair --url "$URL"
  expect_rc 0 "repair"
  expect_out "accepted the changed file of migration 1" "repair reports"
  st db migrate --url "$URL"
  expect_rc 0 "migrate after repair"
  # A constraint violation has no position from the server; its statement's
  # line is still reported.
  printf 'CREATE TABLE c(x INTEGER NOT NULL);\nINSERT INTO c(x) VALUES (1);\nINSERT INTO c(x) VALUES (NULL);\n' >db/migrations/3_c.sql
  st db migrate --url "$URL"
  expect_rc 1 "constraint violation fails"
  expect_err "3_c.sql:3(:[0-9]+)?: migration 3 failed" "constraint violation located to its statement"
  rm db/migrations/3_c.sql
  # CRLF line endings alone are not a change.
  printf 'CREATE TABLE b(x INTEGER);\r\n' >db/migrations/2_b.sql
  st db migrate --url "$URL"
  expect_rc 0 "line endings are not drift"
}

scenario_out_of_order() {
  new_ws order
  mig 2_b.sql "CREATE TABLE b(x INTEGER);"
  st db migrate --url "$URL"
  mig 1_a.sql "CREATE TABLE a(x INTEGER);"
  st db migrate --url "$URL"
  expect_rc 1 "out-of-order refused"
  expect_err "1_a.sql: migration 1 is older than an applied migration" "out-of-order names the file"
  expect_err "--allow-out-of-order" "out-of-order hint"
  st db migrate --url "$URL" --allow-out-of-order
  expect_rc 0 "out-of-order allowed"
  expect_eq "$(q "SELECT count(*) FROM strata_schema_history")" "2" "both applied"
}

scenario_rollback() {
  new_ws rollback
  mig 1_a.sql "CREATE TABLE a(x INTEGER);"
  mig 1_a.down.sql "DROP TABLE a;"
  mig 2_b.sql "CREATE TABLE b(x INTEGER);"
  st db migrate --url "$URL"
  st db rollback --url "$URL"
  expect_rc 1 "rollback without a down file"
  expect_err "2_b.sql: migration 2 has no down file" "missing down file named"
  mig 2_b.down.sql "DROP TABLE b;"
  st db rollback --url "$URL" --steps 2 --dry-run --json
  expect_eq "$(jq -r '[.migrations[].version] | join(",")' <<<"$OUT")" "2,1" "rollback plan, newest first"
  st db rollback --url "$URL" --steps 2
  expect_rc 0 "rollback"
  expect_out "reverted +2_b" "rollback progress"
  expect_eq "$(q "SELECT count(*) FROM strata_schema_history")" "0" "history emptied"
}

# N migrators at once; each migration inserts one row, so a row count above
# one means a migration ran twice.
scenario_concurrent_migrators() {
  local n="${1:-6}"
  new_ws concurrent
  mig 1_counter.sql "CREATE TABLE counter(v TEXT NOT NULL);"
  for i in 2 3 4 5 6; do mig "${i}_step.sql" "INSERT INTO counter VALUES ('$i');"; done
  local pids=() i rc=0
  for i in $(seq "$n"); do
    "$STRATA" db migrate --url "$URL" >"$WORK/mig.$i.out" 2>"$WORK/mig.$i.err" &
    pids+=($!)
  done
  for i in "${!pids[@]}"; do wait "${pids[$i]}" || { rc=1; cat "$WORK/mig.$((i + 1)).err" >&2; }; done
  expect_eq "$rc" "0" "every concurrent migrator succeeds"
  expect_eq "$(q "SELECT count(*) FROM counter")" "5" "each migration applied once ($n migrators)"
  expect_eq "$(q "SELECT count(DISTINCT v) FROM counter")" "5" "no migration applied twice"
  expect_eq "$(q "SELECT count(*) FROM strata_schema_history")" "6" "one history row per migration"
}

scenario_no_transaction_dirty() {
  local ddl="$1"  # a statement to put before the failing one
  new_ws dirty
  mig 1_t.sql "CREATE TABLE t(x INTEGER);"
  printf -- '-- strata:no-transaction\n%s\nINSERT INTO missing_table VALUES (1);\n' "$ddl" >db/migrations/2_index.sql
  st db migrate --url "$URL"
  expect_rc 1 "no-transaction failure"
  expect_err "2_index.sql:3(:[0-9]+)?: migration 2 failed outside a transaction" "no-transaction error located"
  expect_err "repair" "dirty hint"
  st db status --url "$URL" --json
  expect_eq "$(jq -r '.migrations[1].state' <<<"$OUT")" "dirty" "dirty state visible"
  st db migrate --url "$URL"
  expect_rc 1 "migrate refused while dirty"
  expect_err "is dirty" "dirty refusal"
  printf -- '-- strata:no-transaction\n%s\n' "$ddl" >db/migrations/2_index.sql
  q "DROP INDEX IF EXISTS t_x" >/dev/null
  st db repair --url "$URL"
  expect_out "forgot dirty migration 2" "repair forgets the dirty row"
  st db migrate --url "$URL"
  expect_rc 0 "migrate after repair of dirty"
  expect_eq "$(q "SELECT state FROM strata_schema_history WHERE version = '2'")" "applied" "dirty resolved"
}

scenario_seeds_and_reset() {
  new_ws seeds
  mig 1_schema.sql "CREATE TABLE users(id INTEGER PRIMARY KEY, name TEXT, admin BOOLEAN); CREATE TABLE posts(id INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users(id), title TEXT);"
  mkdir -p db/seeds/demo
  echo '[{"id": 1, "name": "ada", "admin": true}, {"id": 2, "name": "bob", "admin": false}]' >db/seeds/demo/01_users.json
  printf 'id,user_id,title\n1,1,"Hello, world"\n2,2,\n' >db/seeds/demo/02_posts.csv
  echo "INSERT INTO users(id, name) VALUES (10, 'default');" >db/seeds/default.sql
  st db migrate --url "$URL"
  st db seed demo --url "$URL"
  expect_rc 0 "seed demo"
  expect_out "applied +db/seeds/demo/01_users.json" "seed progress"
  expect_eq "$(q "SELECT count(*) FROM posts WHERE title IS NULL")" "1" "CSV empty field is NULL"
  expect_eq "$(q "SELECT title FROM posts WHERE id = 1")" "Hello, world" "CSV quoted field"
  st db seed demo --url "$URL" --json
  expect_eq "$(jq -r '[.files[].outcome] | join(",")' <<<"$OUT")" "unchanged,unchanged" "unchanged seeds skipped"
  printf 'id,user_id,title\n1,1,"Hello again"\n' >db/seeds/demo/02_posts.csv
  st db seed demo --url "$URL"
  expect_rc 1 "changed seed noticed"
  expect_err "db/seeds/demo/02_posts.csv: seed file changed since it was applied" "changed seed named"
  st db seed demo --url "$URL" --force
  expect_rc 0 "seed --force reapplies a fixture with primary keys"
  expect_eq "$(q "SELECT title FROM posts WHERE id = 1")" "Hello again" "the reapplied fixture updated the row"
  st db seed dmeo --url "$URL"
  expect_rc 1 "unknown scenario"
  expect_err "did you mean 'demo'" "scenario suggestion"
  st db reset --url "$URL"
  expect_rc 2 "reset asks for --yes when not interactive"
  st db reset --url "$URL" --yes
  expect_rc 0 "reset"
  expect_out "Seeded scenario 'default'" "reset seeds the default scenario"
  expect_eq "$(q "SELECT count(*) FROM users")" "1" "reset dropped old rows and seeded default"
  st db reset demo --url "$URL" --yes --json
  expect_rc 0 "reset with a scenario"
  expect_eq "$(q "SELECT count(*) FROM posts")" "1" "reset seeded the changed demo"
}

scenario_test_vectors() {
  cd "$WORK"
  st db test-vectors 50 --dim 16 --seed 7 --metadata lang=en,de,fr
  expect_rc 0 "test-vectors"
  local first="$OUT"
  st db test-vectors 50 --dim 16 --seed 7 --metadata lang=en,de,fr
  expect_eq "$(md5sum <<<"$OUT")" "$(md5sum <<<"$first")" "same seed, byte-identical output"
  st db test-vectors 50 --dim 16 --seed 8 --metadata lang=en,de,fr
  if [ "$OUT" != "$first" ]; then pass; else fail "another seed gives other vectors"; fi
  expect_eq "$(wc -l <<<"$first")" "50" "one line per vector"
  local check
  check="$(python3 -c '
import json, math, sys
for line in sys.stdin:
    r = json.loads(line)
    assert set(r) == {"id", "embedding", "metadata"}, r.keys()
    assert len(r["embedding"]) == 16
    n = math.sqrt(sum(x * x for x in r["embedding"]))
    assert abs(n - 1) < 1e-5, n
    assert r["metadata"]["lang"] in ("en", "de", "fr")
print("ok")' <<<"$first" 2>&1)"
  expect_eq "$check" "ok" "unit-norm vectors with id, embedding, metadata"
  st db test-vectors 3 --dim 0
  expect_rc 2 "bad dimension"
  st db test-vectors 3 --dim 4 --metadata lang
  expect_rc 2 "bad metadata spec"
  expect_err "KEY=VALUE1,VALUE2" "metadata hint"
}
