#!/usr/bin/env bash
# strata audit on a real git repository: a planted fake AWS key is found
# (tracked files only, never printed whole), an allow-listed one is not;
# lodash 4.17.15 pinned in a package-lock.json goes to the real `npm audit`
# and jinja2 2.4.1 in requirements.txt to the real `pip-audit`, which
# Strata installs into its tools venv (cached under ~/.cache/strata-test).
# Where an advisory service is unreachable (this machine's npm registry
# answers the audit endpoint with 405, and PyPI's JSON API is not served),
# that source is reported as skipped with the reason; a missing client too.
source "$(dirname "$0")/lib.sh"

CACHE="${STRATA_TEST_CACHE:-$HOME/.cache/strata-test}/audit"
mkdir -p "$CACHE"
export XDG_CACHE_HOME="$CACHE/xdg"  # Strata's tools venv goes here, once
AWS_PLANTED="AKIA""QYLPMN5HFIQR7XYZ"   # split so this script holds no key whole
AWS_ALLOWED="AKIA""IOSFODNN7EXAMPLE"

mkdir repo && cd repo
echo '{}' > strata.json
mkdir -p config docs .strata
echo "AWS_ACCESS_KEY_ID=$AWS_PLANTED" > config/prod.env
printf '# Setup\n\nExample: `aws_access_key_id = %s`\n' "$AWS_ALLOWED" > docs/setup.md
echo '{"name": "shop", "version": "1.0.0", "dependencies": {"lodash": "4.17.15"}}' > package.json
# The lockfile npm writes for it, made once (the registry is reachable) and cached.
if [ ! -s "$CACHE/package-lock.json" ]; then
  (cd "$CACHE" && cp "$WORK/repo/package.json" . && npm install --package-lock-only --no-audit --no-fund >/dev/null 2>&1)
fi
cp "$CACHE/package-lock.json" . || fail "no package-lock.json"
grep -q '"node_modules/lodash"' package-lock.json && pass || fail "lodash pinned in the lockfile"
echo "jinja2==2.4.1" > requirements.txt
printf '.strata/*\n!.strata/audit-allow\n' > .gitignore
echo "docs/setup.md:3   # the AWS docs' example key" > .strata/audit-allow
git_init
echo "AWS_ACCESS_KEY_ID=AKIA""UNTRACKEDKEY0001" > untracked.env

# Does npm's advisory endpoint answer here? Decides which npm path is checked.
if npm audit --json --package-lock-only >"$WORK/npm.json" 2>/dev/null || grep -q '"vulnerabilities"' "$WORK/npm.json"; then
  NPM_ONLINE=1
else
  NPM_ONLINE=0
  echo "note: npm's advisory endpoint is unreachable here ($(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("message","?"))' "$WORK/npm.json" 2>/dev/null)); checking the skip path"
fi

st audit --json
expect_rc 1 "a planted key fails the audit"
j() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)" <<<"$OUT"; }
expect_eq "$(j 'd["version"]')" "1" "JSON version"
expect_eq "$(j '[(f["rule"], f["file"], f["line"], f["severity"]) for f in d["findings"] if f["source"] == "secrets"]')" \
  "[('aws-access-key-id', 'config/prod.env', 1, 'high')]" "the planted key, not the allowed or untracked one"
expect_eq "$(j 'd["allowed"]')" "1" "one finding allow-listed"
grep -q "$AWS_PLANTED" <<<"$OUT$ERR" && fail "the key was printed whole" || pass
if [ "$NPM_ONLINE" = 1 ]; then
  expect_eq "$(j 'any(f["source"] == "npm" and "lodash" in f["message"] for f in d["findings"])')" "True" "npm audit: lodash"
else
  expect_eq "$(j '[s["status"] for s in d["sources"] if s["name"] == "npm"]')" "['skipped']" "npm skipped"
  expect_eq "$(j '[("npm audit failed for package-lock.json" in s["reason"]) for s in d["sources"] if s["name"] == "npm"]')" \
    "[True]" "with the reason"
fi
expect_file "$XDG_CACHE_HOME/strata/tools-venv/bin/pip-audit" "pip-audit installed into the tools venv"
PIP_STATUS="$(j '[s["status"] for s in d["sources"] if s["name"] == "pip-audit"][0]')"
if [ "$PIP_STATUS" = "ran" ]; then
  expect_eq "$(j 'any(f["source"] == "pip-audit" and "jinja2" in f["message"] for f in d["findings"])')" "True" "pip-audit: jinja2"
else
  expect_out "PyPI's vulnerability service is unreachable|pip-audit" "pip-audit skipped with its reason"
  echo "note: pip-audit skipped: $(j '[s["reason"] for s in d["sources"] if s["name"] == "pip-audit"][0]')"
fi

# Text report, the severity threshold, a second run reusing the venv.
st audit
expect_rc 1 "text report fails too"
expect_out "^high +config/prod.env:1: AWS access key id AKIA…YZ \[aws-access-key-id [0-9a-f]{16}\]" "the text line"
expect_out "^secrets: checked [0-9]+" "sources listed"
expect_err "strata: error: [0-9]+ findings? at or above high" "says why it failed"
print="$(sed -n 's/.*aws-access-key-id \([0-9a-f]\{16\}\)\].*/\1/p' <<<"$OUT" | head -1)"
if [ "$NPM_ONLINE" = 0 ]; then
  st audit --fail-on critical
  expect_rc 0 "nothing critical"
fi
st audit --fail-on severe
expect_rc 2 "a bad --fail-on is a usage error"

# The allow-list from strata.json, by fingerprint.
echo "{\"audit\": {\"allow\": [\"$print\"]}}" > strata.json
st audit --skip-dependencies
expect_rc 0 "allowed by fingerprint in strata.json"
expect_out "0 findings, 2 allowed" "both allowed"
echo '{}' > strata.json

# A missing client is skipped, not a crash: no npm on PATH.
mkdir "$WORK/bin" && ln -s "$(command -v git)" "$WORK/bin/git" && ln -s "$(command -v python3)" "$WORK/bin/python3"
ln -s "$(command -v cat)" "$WORK/bin/cat"
PATH="$WORK/bin" st audit --json
expect_eq "$(j '[s["reason"] for s in d["sources"] if s["name"] == "npm"]')" "['npm not found on PATH']" "npm missing"
expect_rc 1 "and the secret still fails the audit"

finish
