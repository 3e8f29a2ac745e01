#!/usr/bin/env bash
# Hardening of the runner, the cache and the config readers, each finding
# repeated against the real binary: orphans after kill -9, two runs of one
# task, exceptions in worker threads, secrets in records, unbounded parsing,
# crafted cache entries, symlink outputs, eviction, dependsOn typos and
# Ctrl-C reporting.
source "$(dirname "$0")/lib.sh"

# new_ws NAME: a fresh workspace directory, entered.
new_ws() {
  mkdir -p "$WORK/$1"
  cd "$WORK/$1" || exit 1
}

# gone PID: true once PID has exited (a zombie nobody reaps counts).
gone() {
  local state
  state="$(ps -o stat= -p "$1" 2>/dev/null | tr -d ' ')"
  [ -z "$state" ] || [ "${state:0:1}" == "Z" ]
}

wait_gone() {
  for _ in $(seq 100); do gone "$1" && return 0; sleep 0.1; done
  gone "$1"
}

# wait_lines FILE N: until FILE has at least N lines (at most 10 s).
wait_lines() {
  for _ in $(seq 100); do
    [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ] && return 0
    sleep 0.1
  done
  return 1
}

# A task that writes ten lines into its output, slowly; after the second
# it waits for the file `release` in the root, so the test decides how
# long it runs rather than a clock.
slow_writer_ws() {
  new_ws "$1"
  echo '{}' > nx.json
  mkdir -p p
  cat > p/project.json <<'EOF'
{"name": "p", "targets": {"write": {
  "command": "echo $$ > ../task.pid; rm -rf out; mkdir -p out; for i in 1 2 3 4 5 6 7 8 9 10; do echo line $i >> out/log.txt; if [ $i = 2 ]; then while [ ! -f ../release ]; do sleep 0.1; done; fi; sleep 0.1; done",
  "options": {"cwd": "p"}, "outputs": ["{projectRoot}/out"], "cache": true}}}
EOF
  printf 'out/\ntask.pid\nrelease\n' > .gitignore
  git_init
}

# 1a. kill -9 of strata mid-task: the task's process group dies with it, and
# the rerun caches exactly what one run writes.
slow_writer_ws orphan
"$STRATA" run p:write >"$WORK/orphan.out" 2>&1 &
spid=$!
wait_lines p/out/log.txt 2 || fail "orphan: the task did not start"
task="$(cat task.pid)"
kill -9 "$spid"
wait "$spid" 2>/dev/null
# The task is held at line 2 until `release` exists: alive now means it
# outlived strata.
if wait_gone "$task"; then pass; else fail "orphan: the task outlived kill -9 of strata"; fi
touch release
st run p:write
kill -9 -- "-$task" 2>/dev/null
expect_rc 0 "orphan: rerun succeeds"
expect_eq "$(wc -l < p/out/log.txt)" "10" "orphan: rerun writes exactly 10 lines"
rm -rf p/out
st run p:write
expect_out "from cache" "orphan: second rerun is a hit"
expect_eq "$(wc -l < p/out/log.txt)" "10" "orphan: the restore holds exactly 10 lines"

# 1b. Two strata runs of one task at once: the second waits, then hits.
slow_writer_ws concurrent
touch release
"$STRATA" run p:write >"$WORK/first.out" 2>"$WORK/first.err" &
first=$!
wait_lines p/out/log.txt 1 || fail "concurrent: the first run did not start"
st run p:write
wait "$first"
first_rc=$?
expect_eq "$first_rc" "0" "concurrent: first run succeeds"
expect_rc 0 "concurrent: second run succeeds"
expect_err "waiting for pid $first running p:write" "concurrent: the second run says whom it waits for"
expect_out "from cache" "concurrent: the second run is a cache hit"
expect_eq "$(wc -l < p/out/log.txt)" "10" "concurrent: outputs are one run's"

# 2. A number out of range in one of several projects loading in parallel.
new_ws overflow
echo '{}' > nx.json
mkdir -p a b c
printf '{\n  "name": "a",\n  "x": 1e999999\n}\n' > a/project.json
echo '{"name": "b"}' > b/project.json
echo '{"name": "c"}' > c/project.json
git_init
st graph --json
if [ "$RC" -ne 134 ] && [ "$RC" -ne 0 ]; then pass; else fail "overflow: exit $RC"; fi
expect_err "a/project.json:3:8: invalid JSON: number overflow" "overflow: located error"

# 5. options.env values are never printed, and never stored beyond the
# mirror of the configuration (the workspace snapshot and stored graph).
new_ws secrets
echo '{}' > nx.json
mkdir -p s
cat > s/project.json <<'EOF'
{"name": "s", "targets": {"show": {"command": "test -n \"$API_TOKEN\" && echo token-set",
  "options": {"env": {"API_TOKEN": "sup3r-s3cret-value"}}, "cache": true}}}
EOF
git_init
st run s:show
expect_rc 0 "secrets: the task runs with its env"
expect_out "token-set" "secrets: the value reaches the task"
st explain s:show --json
expect_rc 0 "secrets: explain runs"
expect_no_out "sup3r-s3cret-value" "secrets: explain --json does not show the value"
leaked="$(grep -rl sup3r-s3cret-value .strata | grep -v -e '^.strata/workspace-snapshot$' -e '^.strata/graph-output$')"
if [ -n "$leaked" ]; then
  fail "secrets: found under .strata: $leaked"
else
  pass
fi

# 6. A 50 MB project.json of '[' is refused quickly, with bounded memory.
new_ws unbounded
echo '{}' > nx.json
mkdir -p big small
head -c 52428800 /dev/zero | tr '\0' '[' > big/project.json
python3 -c "print('{\"name\": \"small\", \"x\": ' + '[' * 300 + ']' * 300 + '}')" > small/project.json
/usr/bin/time -f "%M" -o "$WORK/maxrss" "$STRATA" graph --json >"$WORK/.out" 2>"$WORK/.err"
RC=$?
ERR="$(cat "$WORK/.err")"
expect_rc 1 "unbounded: refused"
expect_err "big/project.json:1:1: file is 52428800 bytes, over the 16 MiB limit" "unbounded: size limit named"
expect_err "small/project.json:1:[0-9]+: JSON nested deeper than 256 levels" "unbounded: depth limit named"
rss_kb="$(tail -1 "$WORK/maxrss")"
if [ "$rss_kb" -lt 204800 ]; then pass; else fail "unbounded: max RSS ${rss_kb} KiB"; fi

# 7. Crafted cache entries: modes masked, duplicate paths a miss, and a
# symlink output leaving the workspace refused on the first run.
new_ws entries
echo '{}' > nx.json
mkdir -p e
cat > e/project.json <<'EOF'
{"name": "e", "targets": {"make": {"command": "mkdir -p e/dist && echo made > e/dist/tool",
  "outputs": ["{projectRoot}/dist"], "cache": true}}}
EOF
echo "dist/" > .gitignore
git_init
st run e:make
expect_rc 0 "entries: first run"
entry="$(find .strata/cache -path '*/runs' -prune -o -type f -print | head -1)"
cat > "$WORK/craft.py" <<'EOF'
# Rewrites a cache entry (docs/formats/cache-entry.md) with other files.
import struct, sys, zstandard, xxhash
path, mode = sys.argv[1], sys.argv[2]
data = open(path, 'rb').read()
# Version 2: the sealed header (8 + 4 + 8 + 16 bytes), then u64 body size, zstd frame.
body = zstandard.ZstdDecompressor().decompress(data[36 + 8:], max_output_size=1 << 24)
pos = 0
def take(n):
    global pos
    out = body[pos:pos + n]; pos += n; return out
def u32(): return struct.unpack('<I', take(4))[0]
def u64(): return struct.unpack('<Q', take(8))[0]
task = take(u32()); hsh = take(u32()); code = u32(); dur = u64(); created = u64(); term = take(u64())
def s32(b): return struct.pack('<I', len(b)) + b
def s64(b): return struct.pack('<Q', len(b)) + b
def entry(t, p, m, c): return bytes([t]) + s32(p) + struct.pack('<I', m) + s64(c)
if mode == 'setuid':
    files = [entry(1, b'e/dist', 0o1777, b''), entry(0, b'e/dist/tool', 0o4777, b'#!/bin/sh\n')]
else:
    files = [entry(1, b'e/dist', 0o755, b''), entry(0, b'e/dist/tool', 0o644, b'file\n'),
             entry(2, b'e/dist/tool', 0o777, b'/etc/passwd')]
new = s32(task) + s32(hsh) + struct.pack('<I', code) + struct.pack('<QQ', dur, created) + s64(term)
new += struct.pack('<I', len(files)) + b''.join(files)
payload = struct.pack('<Q', len(new)) + zstandard.ZstdCompressor(level=3, write_content_size=True).compress(new)
hi, lo = struct.unpack('>QQ', xxhash.xxh3_128_digest(payload))
header = b'STRATACE' + struct.pack('<IQQQ', 2, len(payload), hi, lo)
open(path, 'wb').write(header + payload)
EOF
PY="$SOURCE_DIR/tests/.venv/bin/python"
[ -x "$PY" ] || PY=python3
if "$PY" -c "import zstandard, xxhash" 2>/dev/null; then
  "$PY" "$WORK/craft.py" "$entry" setuid
  rm -rf e/dist
  st run e:make
  expect_out "from cache" "entries: the crafted entry is a hit"
  expect_eq "$(stat -c %a e/dist/tool)" "755" "entries: setuid and world-write masked on the file"
  expect_eq "$(stat -c %a e/dist)" "755" "entries: sticky and world-write masked on the directory"
  "$PY" "$WORK/craft.py" "$entry" duplicate
  rm -rf e/dist
  st run e:make
  expect_rc 0 "entries: a duplicate-path entry runs the task"
  expect_no_out "from cache" "entries: a duplicate-path entry is a miss"
  expect_err "warning: .*lists 'e/dist/tool' twice" "entries: with a warning"
  if [ -L e/dist/tool ]; then fail "entries: the symlink was restored"; else pass; fi
else
  fail "entries: python3 zstandard and xxhash are needed (scripts/install-test-deps)"
fi

new_ws symlink_out
echo '{}' > nx.json
mkdir -p l "$WORK/outside"
cat > l/project.json <<EOF
{"name": "l", "targets": {"link": {"command": "rm -rf l/dist && ln -s $WORK/outside l/dist",
  "outputs": ["{projectRoot}/dist"], "cache": true}}}
EOF
echo "dist" > .gitignore
git_init
st run l:link
expect_rc 1 "symlink: refused on the first run"
expect_out "outside the workspace" "symlink: the reason is given"
if find .strata/cache -path '*/runs' -prune -o -type f -print | grep -q .; then fail "symlink: an entry was stored"; else pass; fi

# 8. The cache is evicted to under maxCacheSize after a run.
new_ws evict
echo '{"maxCacheSize": "40KB"}' > nx.json
for i in 1 2 3 4 5; do
  mkdir -p "p$i"
  echo "{\"name\": \"p$i\", \"targets\": {\"gen\": {\"command\": \"mkdir -p p$i/out && head -c 15000 /dev/urandom > p$i/out/blob\", \"outputs\": [\"{projectRoot}/out\"], \"cache\": true}}}" > "p$i/project.json"
done
echo "out/" > .gitignore
git_init
st run-many -t gen --parallel 1
expect_rc 0 "evict: the run succeeds"
bytes="$(find .strata/cache -path '*/runs' -prune -o -type f -printf '%s\n' | awk '{s+=$1} END {print s+0}')"
if [ "$bytes" -le 40960 ] && [ "$bytes" -gt 0 ]; then pass; else fail "evict: cache holds $bytes bytes"; fi
st cache info
expect_out "limit +40.0 KiB" "evict: cache info shows the limit"
expect_out "size " "evict: cache info shows the size"

# 9a. An unknown target in dependsOn warns with its location.
new_ws depends
echo '{}' > nx.json
mkdir -p d
printf '{"name": "d", "targets": {\n  "build": {"command": "true"},\n  "test": {"command": "true", "dependsOn": ["buidl"]}\n}}\n' > d/project.json
git_init
st run d:test
expect_rc 0 "depends: the run goes on"
expect_err "warning: d/project.json:3:[0-9]+: dependsOn of 'd:test' names target 'buidl'" "depends: warned with file:line"
expect_err "did you mean 'build'" "depends: with a suggestion"

# 9b. Ctrl-C: the stopped task is cancelled, not failed with exit code 143.
new_ws ctrlc
echo '{}' > nx.json
mkdir -p w
echo '{"name": "w", "targets": {"serve": {"command": "echo $$ > w.pid; sleep 30"}}}' > w/project.json
echo "w.pid" > .gitignore
git_init
"$STRATA" run w:serve --json >"$WORK/ctrlc.json" 2>"$WORK/ctrlc.err" &
spid=$!
for _ in $(seq 100); do [ -s w.pid ] && break; sleep 0.1; done
kill -INT "$spid"
wait "$spid"
RC=$?
expect_eq "$RC" "130" "ctrlc: exit 130"
status="$(json "d['tasks'][0]['status']" "$WORK/ctrlc.json" 2>&1)"
expect_eq "$status" "cancelled" "ctrlc: --json says cancelled"
"$STRATA" run w:serve >"$WORK/ctrlc.out" 2>&1 &
spid=$!
rm -f w.pid
for _ in $(seq 100); do [ -s w.pid ] && break; sleep 0.1; done
kill -INT "$spid"
wait "$spid"
OUT="$(cat "$WORK/ctrlc.out")"
expect_out "1 cancelled" "ctrlc: the summary says cancelled"
expect_no_out "exit code 143" "ctrlc: not a failure with exit code 143"

finish
