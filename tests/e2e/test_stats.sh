#!/usr/bin/env bash
# The performance monitor: every run appends its tasks to .strata/metrics.db
# (SQLite, schema versioned); `strata stats` reports p50/p95, sparklines,
# the cache hit rate, and flags a task whose recent median rose beyond its
# baseline (`--check` exits 1); `--html` writes a self-contained page.
source "$(dirname "$0")/lib.sh"

mkdir ws && cd ws
echo '{"targetDefaults": {"build": {"cache": true}}}' > strata.json
mkdir -p slow fast
echo 0.05 > slow/delay
cat > slow/project.json <<'JSON'
{"name": "slow", "targets": {"work": {"command": "sleep $(cat slow/delay)"},
  "test": {"command": "echo tested"}}}
JSON
cat > fast/project.json <<'JSON'
{"name": "fast", "targets": {"build": {"command": "mkdir -p fast/out && echo x > fast/out/x", "outputs": ["{projectRoot}/out"]}}}
JSON
printf 'out/\n.strata/\n' > .gitignore
git_init

st stats
expect_rc 0 "stats before any run"
expect_out "No measurements yet" "says there is nothing yet"

for _ in 1 2 3 4 5 6; do st run-many -t work test build; done
expect_rc 0 "runs"
expect_file .strata/metrics.db "the metrics database"
expect_eq "$(python3 -c 'import sqlite3; c = sqlite3.connect(".strata/metrics.db"); print(c.execute("PRAGMA user_version").fetchone()[0], c.execute("SELECT count(*) FROM samples").fetchone()[0])')" \
  "4 18" "schema version 4, one row per task and run"
expect_eq "$(python3 -c 'import sqlite3; c = sqlite3.connect(".strata/metrics.db"); print(sorted({r[0] for r in c.execute("SELECT kind FROM samples")}))')" \
  "['build', 'task', 'test']" "record kinds from the targets"

st stats
expect_rc 0 "stats"
expect_out "^slow:work +6 +0 " "a row per task with its run count"
expect_out "^fast:build +6 +5 " "fast:build: five cache hits"
expect_out "cache hit rate 83% \(5 of 6 lookups\)" "the hit rate"
expect_out "slowest \(p50\): slow:work" "the slowest task"
expect_out "[▁▂▃▄▅▆▇█]" "sparklines"
st stats --check
expect_rc 0 "nothing slower yet"

# slow:work gets slower: flagged, and --check fails.
echo 0.6 > slow/delay
for _ in 1 2 3; do st run slow:work; done
st stats --check
expect_rc 1 "--check fails on a slower task"
expect_err "strata: error: slow:work got slower" "names the task"
expect_out "slow:work .*SLOWER" "the table flags it"
st stats --json
expect_rc 0 "stats --json"
expect_eq "$(json 'd["version"], d["flagged"], [t["id"] for t in d["tasks"] if t["regressed"]]')" "1 1 ['slow:work']" "JSON flags it"
expect_eq "$(json '[t["p95Ms"] >= 600 for t in d["tasks"] if t["id"] == "slow:work"][0]')" "True" "p95 includes the slow runs"

st stats --project fast --json
expect_eq "$(json '[t["id"] for t in d["tasks"]]')" "['fast:build']" "--project filters"
st stats --target test --json
expect_eq "$(json '[t["kind"] for t in d["tasks"]]')" "['test']" "--target filters; test runs are tests"
st stats --since 2000-01-01 --json
expect_eq "$(json 'd["runs"]')" "21" "--since a date"
st stats --since 0m --json
expect_eq "$(json 'd["runs"]')" "0" "--since now selects nothing"
st stats --since yesterday
expect_rc 2 "a bad --since is a usage error"

st stats --html "$WORK/report.html"
expect_rc 0 "stats --html"
expect_file "$WORK/report.html" "the HTML report"
grep -q "<svg" "$WORK/report.html" && pass || fail "charts are inline SVG"
grep -qE "(src|href)=\"?(https?:)?//" "$WORK/report.html" && fail "the report fetches something" || pass
grep -q 'class="slower"' "$WORK/report.html" && pass || fail "the slower task is marked"

# Recording never fails a build: a directory where the database belongs.
mv .strata/metrics.db "$WORK/metrics.db.bak" && rm -f .strata/metrics.db-* && mkdir .strata/metrics.db
st run fast:build
expect_rc 0 "a run whose metrics cannot be written"
expect_err "performance metrics not recorded" "one warning"
rmdir .strata/metrics.db
STRATA_METRICS=0 st run fast:build
[ -e .strata/metrics.db ] && fail "STRATA_METRICS=0 still recorded" || pass

finish
