#!/usr/bin/env bash
# strata db on SQLite (the default backend): migrations, failures located to
# file:line, drift, out-of-order files, rollback, no-transaction dirty state,
# concurrent migrators, seeds, reset, settings, test databases and vectors.
source "$(dirname "$0")/lib.sh"
source "$SOURCE_DIR/tests/support/db_scenarios.sh"
export STRATA_ACTOR=e2e-actor
unset STRATA_DATABASE_URL

# Each scenario gets its own database file.
q() { python3 -c 'import sqlite3, sys
r = sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()
print("" if r is None or r[0] is None else r[0])' "${URL#sqlite:}" "$1"; }
use_db() { URL="sqlite:$WORK/$1.sqlite"; }

use_db basic && scenario_migrate_and_status
use_db failing && scenario_failing_migration
use_db drift && scenario_drift_and_repair
use_db order && scenario_out_of_order
use_db rollback && scenario_rollback
use_db concurrent && scenario_concurrent_migrators 6
use_db dirty && scenario_no_transaction_dirty "CREATE INDEX t_x ON t(x);"
use_db seeds && scenario_seeds_and_reset
scenario_test_vectors

# Settings: strata.json "db" and the default SQLite file.
new_ws configured
mkdir -p sql/up
echo '{"db": {"url": "sqlite:data/app.db", "migrations": "sql/up"}}' >strata.json
echo "CREATE TABLE t(x INTEGER);" >sql/up/1_t.sql
mkdir -p sub && cd sub
st db migrate
expect_rc 0 "migrate with strata.json settings from a subdirectory"
expect_file "$WORK/configured/data/app.db" "database from db.url, relative to the root"
cd ..
new_ws defaults
echo "CREATE TABLE t(x INTEGER);" >db/migrations/1_t.sql
st db migrate
expect_rc 0 "migrate with defaults"
expect_file "$WORK/defaults/.strata/dev.sqlite" "default SQLite file"
st db new "Add Posts Table" --down
expect_rc 0 "db new"
expect_out "^db/migrations/[0-9]{14}_add_posts_table.sql$" "new migration named by UTC timestamp"
expect_out "_add_posts_table.down.sql$" "down file created"

# Supabase layout is picked up as is.
new_ws supa
rm -rf db
mkdir -p supabase/migrations
echo "CREATE TABLE profiles(id INTEGER PRIMARY KEY, name TEXT);" >supabase/migrations/20240101000000_profiles.sql
echo "INSERT INTO profiles VALUES (1, 'x');" >supabase/seed.sql
URL="sqlite:$WORK/supa.sqlite"
st db reset --url "$URL" --yes
expect_rc 0 "reset on a Supabase layout"
expect_out "applied +supabase/seed.sql" "supabase/seed.sql is the default seed"
expect_eq "$(q "SELECT name FROM profiles")" "x" "Supabase seed applied"

# Misnamed migration files and bad URLs are clear errors.
new_ws misnamed
echo "SELECT 1;" >db/migrations/create_users.sql
st db migrate
expect_rc 1 "misnamed migration"
expect_err "db/migrations/create_users.sql: not a migration file name" "misnamed file named"
expect_err "hint: .*<timestamp>_<name>.sql" "misnamed hint"
st db status --url "postgres://nobody@127.0.0.1:1/none"
expect_rc 1 "unreachable server"
expect_err "cannot connect to postgres://nobody@127.0.0.1:1/none" "connection error names the URL"

# Unknown or misspelt schemes are errors, never SQLite files of that name.
for bad in "postgress://app@localhost/app" "mysql://app@localhost/app"; do
  st db status --url "$bad"
  expect_rc 1 "unknown scheme in $bad"
  expect_err "unknown database URL scheme '${bad%%://*}://'" "unknown scheme named"
  st db migrate --url "$bad"
  expect_rc 1 "migrate into $bad"
  if [ -e "${bad%%://*}:" ]; then fail "a folder was created for $bad"; else pass; fi
done
st db status --url "postgress://app@localhost/app"
expect_err "did you mean 'postgres'" "misspelt scheme suggestion"
st db status --url "mysql://app@localhost/app"
expect_err "PostgreSQL and SQLite" "unsupported database named"

# Passwords never leak, whatever the form of the connection string; libpq
# itself repeats a URL it cannot parse.
for url in "postgres://nobody:pa@ss@127.0.0.1:1/none" "postgres://nobody@127.0.0.1:1/none?password=hunter2" \
  "host=127.0.0.1 port=1 dbname=none user=nobody password=hunter2" \
  "host=127.0.0.1 port=1 dbname=none password='hunter2 two' user=nobody" "postgresql://nobody:hunter2@[::1/none"; do
  st db status --url "$url"
  expect_rc 1 "unreachable or malformed: $url"
  if grep -qE "hunter2|pa@ss|ss@127" <<<"$ERR$OUT"; then fail "password shown for $url: $ERR"; else pass; fi
done
st db status --url "host=127.0.0.1 port=1 dbname=none user=nobody"
expect_err "cannot connect" "a keyword/value string is PostgreSQL"

st db migrat
expect_rc 2 "misspelled subcommand"
expect_err "did you mean 'migrate'" "subcommand suggestion"

# Throwaway SQLite test databases.
st db testdb create
expect_rc 0 "testdb create (SQLite)"
TESTDB="$OUT"
expect_out "^sqlite:.*strata_test_[0-9a-f]+\.db$" "testdb URL"
expect_file "${TESTDB#sqlite:}" "test database file"
st db testdb drop "$TESTDB"
expect_rc 0 "testdb drop"
if [ ! -e "${TESTDB#sqlite:}" ]; then pass; else fail "test database removed"; fi
st db testdb drop "sqlite:$WORK/precious.db"
expect_rc 1 "testdb drop refuses other databases"

finish
