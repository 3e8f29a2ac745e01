#!/usr/bin/env bash
# strata db against a real PostgreSQL server started on loopback for this
# test (tests/support/pg_server; PG_BIN picks the server binaries): the
# shared scenarios, each in a fresh throwaway database from `strata db
# testdb create`, plus what only PostgreSQL has: SQLSTATE and error
# positions, CREATE INDEX CONCURRENTLY outside a transaction, the advisory
# lock held across processes.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/db_scenarios.sh"
export STRATA_ACTOR=e2e-actor
unset STRATA_DATABASE_URL

PG_SERVER="$SOURCE_DIR/tests/support/pg_server"
SERVER_URL="$("$PG_SERVER" start)" || { echo "test_db_pg.sh: cannot start PostgreSQL" >&2; exit 1; }
trap '"$PG_SERVER" stop "$SERVER_URL"; rm -rf "$WORK"' EXIT
PSQL="$(command -v psql || echo "${PG_BIN:-/usr/lib/postgresql/15/bin}/psql")"

q() { "$PSQL" "$URL" -XtAq -v ON_ERROR_STOP=1 -c "$1"; }
use_db() {
  st db testdb create --url "$SERVER_URL"
  expect_rc 0 "testdb create for $1"
  URL="$OUT"
}

use_db basic && scenario_migrate_and_status
expect_eq "$(q "SELECT current_database()")" "${URL##*/}" "scenario ran in its own test database"
use_db failing && scenario_failing_migration
ERR="$FAILED_ERR"
expect_err "\[SQLSTATE 42P01\]" "SQLSTATE in the error"
expect_err "2_bad.sql:3:13:" "the server's position mapped to line and column"
use_db drift && scenario_drift_and_repair
use_db order && scenario_out_of_order
use_db rollback && scenario_rollback
use_db concurrent && scenario_concurrent_migrators 8
use_db dirty && scenario_no_transaction_dirty "CREATE INDEX CONCURRENTLY t_x ON t(x);"
expect_eq "$(q "SELECT count(*) FROM pg_indexes WHERE indexname = 't_x'")" "1" "index built concurrently"
use_db seeds && scenario_seeds_and_reset

# A transactional migration that runs CREATE INDEX CONCURRENTLY is the
# server's error, located, and nothing is left behind.
use_db concurrently
new_ws concurrently
mig 1_t.sql "CREATE TABLE t(x INTEGER);"
printf 'CREATE TABLE u(x INTEGER);\nCREATE INDEX CONCURRENTLY u_x ON u(x);\n' >db/migrations/2_idx.sql
st db migrate --url "$URL"
expect_rc 1 "CONCURRENTLY inside a transaction"
expect_err "2_idx.sql:2:[0-9]+: .*cannot run inside a transaction block \[SQLSTATE 25001\]" "server message with location"
expect_eq "$(q "SELECT count(*) FROM pg_tables WHERE tablename = 'u'")" "0" "rolled back"

# pg_dump-style migrations empty the session's search_path; Strata's own
# tables are schema-qualified, so recording them still works.
use_db searchpath
new_ws searchpath
mig 1_dump.sql "SET statement_timeout = 0; SELECT pg_catalog.set_config('search_path', '', false); CREATE TABLE public.z(x integer);"
mig 2_more.sql "CREATE TABLE public.y(x integer);"
st db migrate --url "$URL"
expect_rc 0 "migrations that clear search_path"
expect_eq "$(q "SELECT count(*) FROM strata_schema_history")" "2" "both recorded"

# A migrator waits for the advisory lock another holds, and gives up after
# --lock-timeout.
use_db locked
new_ws locked
mig 1_t.sql "CREATE TABLE t(x INTEGER);"
"$PSQL" "$URL" -XtAq -c "SELECT pg_advisory_lock($((0x5354524154414d47))); SELECT pg_sleep(4);" >/dev/null &
HOLDER=$!
sleep 1
st db migrate --url "$URL" --lock-timeout 1
expect_rc 1 "lock held elsewhere"
expect_err "timed out waiting for the advisory lock" "lock timeout message"
st db migrate --url "$URL" --lock-timeout 30
expect_rc 0 "migrate once the lock is free"
wait "$HOLDER"

# Connection strings with passwords are not echoed; bad ones are clear.
st db status --url "postgres://strata:secret@127.0.0.1:1/none"
expect_rc 1 "unreachable server"
expect_err "postgres://strata:\*\*\*@127.0.0.1:1/none" "password redacted"

# A libpq keyword/value string reaches the same server.
KW="$(python3 -c '
import sys, urllib.parse as u
p = u.urlparse(sys.argv[1])
parts = {"host": p.hostname, "port": p.port, "dbname": p.path.lstrip("/"), "user": p.username, "password": p.password}
print(" ".join(f"{k}={v}" for k, v in parts.items() if v))' "$URL")"
st db status --url "$KW"
expect_rc 0 "db status over a keyword/value connection string"
if [ -n "$(python3 -c 'import sys, urllib.parse as u; print(u.urlparse(sys.argv[1]).password or "")' "$URL")" ]; then
  if grep -q "password=\*\*\*" <<<"$OUT"; then pass; else fail "keyword string shown without its password hidden: $OUT"; fi
fi
st db status --url "$KW password=wrong-secret"
if grep -q "wrong-secret" <<<"$ERR$OUT"; then fail "password in a libpq message: $ERR"; else pass; fi

# STRATA_DATABASE_URL selects the database when --url is absent.
use_db envurl
new_ws envurl
mig 1_t.sql "CREATE TABLE t(x INTEGER);"
STRATA_DATABASE_URL="$URL" "$STRATA" db migrate >/dev/null 2>&1
expect_eq "$(q "SELECT count(*) FROM strata_schema_history")" "1" "STRATA_DATABASE_URL used"

# The PostgreSQL adapter's unit tests, when the unit test binary is built
# beside the strata binary, run against this server too.
DB_TEST="$(dirname "$STRATA")/tests/db_test"
if [ -x "$DB_TEST" ]; then
  use_db unit
  if STRATA_TEST_DATABASE_URL="$URL" "$DB_TEST" --gtest_filter='PgDatabase.*' >"$WORK/unit.log" 2>&1 &&
    ! grep -q SKIPPED "$WORK/unit.log"; then
    pass
  else
    fail "PgDatabase unit tests: $(tail -20 "$WORK/unit.log")"
  fi
fi

# testdb drop removes the database; other names are refused.
st db testdb drop "$URL"
expect_rc 0 "testdb drop"
URL="$SERVER_URL"
expect_eq "$(q "SELECT count(*) FROM pg_database WHERE datname = '${OUT##*/}' AND datname LIKE 'strata_test_%'")" "0" "database dropped"
st db testdb drop "$SERVER_URL"
expect_rc 1 "refuses to drop a non-test database"
expect_err "not a test database" "refusal message"
LEFT="$(q "SELECT count(*) FROM pg_database WHERE datname LIKE 'strata_test_%'")"
for db in $(q "SELECT datname FROM pg_database WHERE datname LIKE 'strata_test_%'"); do
  "$STRATA" db testdb drop "${SERVER_URL%/*}/$db" >/dev/null 2>&1
done
expect_eq "$(q "SELECT count(*) FROM pg_database WHERE datname LIKE 'strata_test_%'")" "0" "all $LEFT leftover test databases dropped"

finish
