#!/usr/bin/env bash
# The local cache: hits replay output and exit code byte for byte, a corrupt
# entry is a miss with a warning (never a wrong restore), outputs outside the
# workspace are refused, and explain names the input that changed.
source "$(dirname "$0")/lib.sh"

mkdir -p lib
echo '{"targetDefaults":{"build":{"cache":true}}}' > nx.json
cat > lib/project.json <<'JSON'
{
  "name": "lib",
  "targets": {
    "build": {
      "command": "mkdir -p lib/out && cat lib/src.txt > lib/out/result.txt && printf 'line one\\nno newline at end'",
      "outputs": ["{projectRoot}/out"],
      "inputs": ["{projectRoot}/src.txt", {"env": "FLAVOUR"}]
    },
    "escape": { "command": "echo x", "outputs": ["{workspaceRoot}/../outside"], "cache": true }
  }
}
JSON
echo "version 1" > lib/src.txt
git_init

st run lib:build
expect_rc 0 "first build"
first="$OUT"
st run lib:build --json
expect_eq "$(json "d['tasks'][0]['cache']")" "hit" "second build is a hit"

rm -rf lib/out
st run lib:build
expect_rc 0 "restore"
expect_eq "$(cat lib/out/result.txt)" "version 1" "output restored"
expect_out "no newline at end" "terminal output replayed"

echo "version 2" > lib/src.txt
st explain lib:build
expect_rc 0 "explain"
expect_out "lib/src.txt" "explain names the changed file"

FLAVOUR=spicy st run lib:build --json
expect_eq "$(json "d['tasks'][0]['cache']")" "miss" "env input changes the hash"

# Corrupt every entry: each is a miss with a warning, and the task re-runs.
echo "version 1" > lib/src.txt
for f in $(find .strata/cache -type f -size +0 -not -path '*/runs/*' 2>/dev/null); do
  python3 - "$f" <<'PY'
import sys
p = sys.argv[1]
b = bytearray(open(p, 'rb').read())
if len(b) > 40:
    b[len(b) // 2] ^= 0xFF
open(p, 'wb').write(bytes(b))
PY
done
rm -rf lib/out
st run lib:build --json
expect_rc 0 "corrupt entry still builds"
expect_eq "$(json "d['tasks'][0]['cache']")" "miss" "corrupt entry is a miss"
expect_err "warning" "corrupt entry warned about"
expect_eq "$(cat lib/out/result.txt)" "version 1" "fresh output, not a wrong restore"

st run lib:escape
expect_rc 1 "output outside the workspace refused"
expect_err "outside" "refusal explained"

st cache info
expect_rc 0 "cache info"
st cache prune --max-size 0
expect_rc 0 "prune"
st cache clean
expect_rc 0 "clean"

finish
