#!/usr/bin/env bash
# The shared remote cache against a real nginx WebDAV server on loopback
# (tests/support/dav_server): a second clone of a workspace restores every
# task from the remote, byte for byte; a tampered entry and an unsigned one
# are misses with a warning and the task runs; read-only mode uploads
# nothing; a server killed in the middle of a run costs nothing but time.
source "$(dirname "$0")/lib.sh"

DAV="$SOURCE_DIR/tests/support/dav_server"
PORT="$("$DAV" start "$WORK/dav")" || { echo "test_remote_cache.sh: cannot start nginx" >&2; exit 1; }
trap '"$DAV" stop "$WORK/dav"; rm -rf "$WORK"' EXIT
STORE="$WORK/dav/store"
export STRATA_REMOTE_CACHE_KEY=e2e-secret-key
unset STRATA_REMOTE_CACHE_URL STRATA_REMOTE_CACHE_READ_ONLY STRATA_REMOTE_CACHE_TOKEN

json_field() {  # json_field TASK FIELD: a field of one task in $OUT (run --json)
  python3 -c "import json,sys; print({t['id']: t.get(sys.argv[2], '') for t in json.load(sys.stdin)['tasks']}[sys.argv[1]])" \
    "$1" "$2" <<<"$OUT"
}
store_files() { find "$STORE" -type f | wc -l; }
# The /ac/ and /cas/ files of a task's newest entry on the server.
ac_of() { grep -l "^task $1\$" "$STORE"/ac/* | xargs ls -t | head -1; }
cas_of() { echo "$STORE/cas/$(sed -n 's/^entry \([0-9a-f]*\) .*/\1/p' "$(ac_of "$1")")"; }

mkdir origin && cd origin
cat > strata.json <<JSON
{"targetDefaults": {"build": {"cache": true}},
 "remoteCache": {"url": "http://127.0.0.1:$PORT", "timeoutMs": 5000}}
JSON
mkdir -p lib app
cat > lib/project.json <<'JSON'
{"name": "lib", "targets": {"build": {
  "command": "mkdir -p lib/out && tr a-z A-Z < lib/src.txt > lib/out/result.txt && printf '\\001\\377binary' > lib/out/blob.bin && echo built lib",
  "outputs": ["{projectRoot}/out"]}}}
JSON
cat > app/project.json <<'JSON'
{"name": "app", "implicitDependencies": ["lib"], "targets": {"build": {
  "dependsOn": ["^build"],
  "command": "mkdir -p app/out && cat lib/out/result.txt app/main.txt > app/out/app.txt && echo built app",
  "outputs": ["{projectRoot}/out"]}}}
JSON
echo "hello" > lib/src.txt
echo "main" > app/main.txt
printf 'out/\n.strata/\n' > .gitignore
git_init
cd "$WORK"
clone() { git clone -q "$WORK/origin" "$WORK/$1" && cd "$WORK/$1"; }

# First clone: everything runs and is uploaded.
clone first
st run-many -t build --json
expect_rc 0 "first clone builds"
expect_eq "$(json_field lib:build cache)" "miss" "first clone: lib runs"
expect_eq "$(find "$STORE/ac" -type f | wc -l)" "2" "two records uploaded"
expect_eq "$(find "$STORE/cas" -type f | wc -l)" "2" "two blobs uploaded"

# Second clone: everything comes from the remote, byte for byte.
clone second
st run-many -t build --json
expect_rc 0 "second clone builds"
expect_eq "$(json_field lib:build cache)" "hit" "second clone: lib is a hit"
expect_eq "$(json_field lib:build cacheSource)" "remote" "lib came from the remote"
expect_eq "$(json_field app:build cacheSource)" "remote" "app came from the remote"
expect_err "built lib" "a remote hit replays the terminal output"
diff -r "$WORK/first/lib/out" "$WORK/second/lib/out" >/dev/null && pass || fail "lib outputs differ"
diff -r "$WORK/first/app/out" "$WORK/second/app/out" >/dev/null && pass || fail "app outputs differ"
st run-many -t build
expect_out "local cache" "the next run hits the local cache"
st cache info
expect_out "hit rate .*remote" "cache info shows hit rates"
expect_out "remote    http://127.0.0.1:$PORT \(read-write, signed" "cache info shows the remote"
st cache info --json
expect_eq "$(json "d['runs']['list'][0]['remoteHits']")" \
  "2" "the run of the second clone had two remote hits"

clone third
st run-many -t build
expect_rc 0 "third clone builds"
expect_out "lib:build .*remote cache" "the text summary names the remote"

# Credentials in the URL are used, never printed.
STRATA_REMOTE_CACHE_URL="http://user:hunter2@127.0.0.1:$PORT" st cache info
expect_out "http://\*\*\*@127.0.0.1" "credentials redacted"
if grep -q hunter2 <<<"$OUT$ERR"; then fail "password printed"; else pass; fi

# Tampering on the server: lib's content changed, app's record rewritten.
python3 - "$(cas_of lib:build)" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
b[len(b) // 2] ^= 0x01
open(p, 'wb').write(bytes(b))
PY
sed -i 's/^task app:build$/task app:build:evil/' "$(ac_of app:build)"
clone tampered
st run-many -t build --json
expect_rc 0 "tampered entries still build"
expect_eq "$(json_field lib:build cache)" "miss" "tampered content is a miss"
expect_eq "$(json_field app:build cache)" "miss" "a rewritten record is a miss"
expect_err "ignoring remote cache entry for lib:build: its content does not match its SHA-256" "content warning"
expect_err "ignoring remote cache entry for app:build:evil: its signature does not match" "signature warning"
expect_eq "$(cat lib/out/result.txt)" "HELLO" "the task ran and wrote its own output"

# A writer without a key uploads unsigned entries; readers with a key refuse them.
clone unsigned_writer
echo "second version" > lib/src.txt
STRATA_REMOTE_CACHE_KEY= st run lib:build
expect_rc 0 "unsigned writer builds"
expect_err "remote cache entries are not authenticated" "no key: a warning"
clone unsigned_reader
echo "second version" > lib/src.txt
st run lib:build --json
expect_rc 0 "unsigned entry still builds"
expect_eq "$(json_field lib:build cache)" "miss" "an unsigned entry is a miss"
expect_err "ignoring remote cache entry for lib:build: it is not signed" "unsigned warning"

# Read-only mode downloads but uploads nothing.
clone read_only
echo "third version" > lib/src.txt
before="$(store_files)"
STRATA_REMOTE_CACHE_READ_ONLY=1 st run-many -t build --json
expect_rc 0 "read-only run builds"
expect_eq "$(json_field lib:build cache)" "miss" "read-only: new input is a miss"
expect_eq "$(store_files)" "$before" "read-only mode uploads nothing"

# The server dies while the run is under way (lib's command stops it): the
# run completes, exit 0, with one warning.
clone killed
echo "fourth version" > lib/src.txt
NGINX_PID="$(cat "$WORK/dav/nginx.pid")"
python3 - "$NGINX_PID" <<'PY'
import json, sys
p = "lib/project.json"
j = json.load(open(p))
j["targets"]["build"]["command"] = "kill " + sys.argv[1] + " && while kill -0 " + sys.argv[1] + " 2>/dev/null; do sleep 0.05; done; " + j["targets"]["build"]["command"]
json.dump(j, open(p, "w"))
PY
st run-many -t build --json
expect_rc 0 "a run whose server dies completes"
expect_eq "$(json_field app:build status)" "success" "app built after the server died"
expect_eq "$(grep -c "is unavailable" <<<"$ERR")" "1" "one warning: $ERR"
kill -0 "$NGINX_PID" 2>/dev/null && fail "nginx still running" || pass

# With the server gone from the start: local caching as before, one warning.
clone unreachable
st run-many -t build --json
expect_rc 0 "an unreachable server changes nothing but speed"
expect_eq "$(grep -c "is unavailable" <<<"$ERR")" "1" "one warning when unreachable"
st run-many -t build --json
expect_eq "$(json_field lib:build cacheSource)" "local" "the local cache still works"

finish
