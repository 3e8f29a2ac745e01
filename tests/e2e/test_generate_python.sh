#!/usr/bin/env bash
# Python contexts end to end: generate a context in a new workspace, run its
# tests and linters with the real pytest, ruff and mypy through run-many, a
# second run fully cached, the layer edges in the graph from imports, name
# checks, --dry-run, idempotence, --force, and entity/command/query/adapter.
source "$(dirname "$0")/lib.sh"

VENV="$SOURCE_DIR/tests/.venv"
if [ ! -x "$VENV/bin/mypy" ]; then
  echo "FAIL: $VENV lacks pytest, ruff and mypy; run scripts/install-test-deps" >&2
  exit 1
fi
# The tools come from tests/.venv here (--skip-install below); the
# installs themselves are tested in test_workspace_ready.sh.
export PATH="$VENV/bin:$PATH"

st new ws --no-git
expect_rc 0 "new ws"
cd ws

# --dry-run lists and writes nothing.
st generate context billing --lang python --dry-run --skip-install
expect_rc 0 "dry run"
expect_out "would create +contexts/billing/domain/project.json" "dry run lists a layer project"
expect_out "would create +ruff.toml" "dry run lists the shared root file"
[ ! -e contexts ] && [ ! -e ruff.toml ] && pass || fail "--dry-run wrote files"

st generate context billing --lang python --skip-install
expect_rc 0 "generate context"
for layer in domain api application infrastructure; do
  expect_file "contexts/billing/$layer/project.json" "$layer project"
done
expect_file contexts/billing/domain/src/billing_domain/aggregate.py "aggregate"
expect_file contexts/billing/infrastructure/src/billing_infrastructure/sqlite.py "SQLite adapter"

# Idempotent: a second run writes nothing.
st generate context billing --lang python --json --skip-install
expect_rc 0 "second generate"
expect_eq "$(json "d['created'] + d['overwritten']")" "0" "second run writes nothing"

# Names are checked, with a valid suggestion.
st generate context "Billing Service" --lang python --skip-install
expect_rc 1 "a name with a space"
expect_err "did you mean 'billing_service'" "suggests snake_case"
st generate context class --lang python --skip-install
expect_rc 1 "a keyword"
expect_err "keyword" "says it is a keyword"
st generate context 123 --lang python --skip-install
expect_rc 1 "a leading digit"
expect_err "did you mean 'context_123'" "suggests a valid name"
st generate context shop --lang pyton --skip-install
expect_rc 1 "a misspelled language"
expect_err "did you mean 'python'" "suggests the language"
st generate context shop --lang python --layers application --skip-install
expect_rc 1 "a layer without what it imports"
expect_err "--layers domain,api,application" "hints at the layers needed"
[ ! -e contexts/class ] && [ ! -e contexts/shop ] && pass || fail "a refused name wrote files"

# An edited file is kept unless --force; the shared root file always is.
aggregate=contexts/billing/domain/src/billing_domain/aggregate.py
cp "$aggregate" "$WORK/aggregate.py"
echo "# edited" >>"$aggregate"
echo "# the team's note" >>ruff.toml
st generate context billing --lang python --skip-install
expect_rc 0 "generate over an edited file"
expect_out "skip +contexts/billing/domain/src/billing_domain/aggregate.py" "edited file skipped"
expect_err "--force" "hint at --force"
grep -q "# edited" "$aggregate" && pass || fail "edit lost without --force"
st generate context billing --lang python --force --skip-install
expect_rc 0 "generate --force"
cmp -s "$aggregate" "$WORK/aggregate.py" && pass || fail "--force did not restore the file"
grep -q "the team's note" ruff.toml && pass || fail "--force overwrote the shared ruff.toml"

# Elements inside the context.
st generate entity invoice_line --context billing
expect_rc 0 "generate entity"
expect_file contexts/billing/domain/src/billing_domain/invoice_line.py "entity module"
st generate command archive_billing --context billing
expect_rc 0 "generate command"
st generate query open_billings --context billing
expect_rc 0 "generate query"
st generate adapter audit_log --context billing
expect_rc 0 "generate adapter"
expect_file contexts/billing/infrastructure/tests/test_audit_log.py "adapter test"
st generate entity invoice_line --context billing
expect_out "Nothing to write" "element generation is idempotent"
st generate entity x --context biling
expect_rc 1 "unknown context"
expect_err "did you mean 'billing'" "suggests the context"
st generate entty x --context billing
expect_rc 2 "unknown generator"
expect_err "did you mean 'entity'" "suggests the generator"

# The real toolchain: pytest, ruff and mypy --strict, through run-many.
git_init
st run-many -t build test lint --json
expect_rc 0 "run-many build test lint"
expect_eq "$(json "len(d['tasks'])")" "12" "four projects, three targets"
expect_eq "$(json "sorted(set(t['status'] for t in d['tasks']))")" "['success']" "all succeeded"
st run-many -t build test lint --json
expect_rc 0 "second run-many"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "12" "second run fully cached"

# The pre-commit hook formats what the change affects and stops the commit
# when that changed files.
rules=contexts/billing/domain/src/billing_domain/rules.py
echo "EXTRA_LIMIT  =  10" >>"$rules"
STRATA="$STRATA" sh .githooks/pre-commit >"$WORK/hook.out" 2>&1
expect_eq "$?" "1" "the hook stops a commit it had to format"
grep -q "formatting changed files" "$WORK/hook.out" && pass || fail "hook says why: $(tail -5 "$WORK/hook.out")"
expect_eq "$(tail -1 "$rules")" "EXTRA_LIMIT = 10" "the hook ran ruff format"
git checkout -q -- "$rules"

# Layer edges come from the imports.
st graph --json
expect_rc 0 "graph"
deps() { json "sorted(e['target'] for e in d['graph']['dependencies']['$1'])"; }
expect_eq "$(deps billing-domain)" "[]" "domain imports nothing"
expect_eq "$(deps billing-api)" "[]" "api imports nothing"
expect_eq "$(deps billing-application)" "['billing-api', 'billing-domain']" "application edges"
expect_eq "$(deps billing-infrastructure)" "['billing-api', 'billing-application', 'billing-domain']" "infrastructure edges"

# The context as the workspace sees it.
st context list --json
expect_rc 0 "context list"
expect_eq "$(json "[(c['name'], c['language'], c['deployment']) for c in d]")" "[('billing', 'python', 'in monolith')]" "one context"
st generate context order_history --lang python --layers domain,api --skip-install
expect_rc 0 "a context with chosen layers"
st context show order_history --json
expect_rc 0 "context show"
expect_eq "$(json "d['layers']")" "['domain', 'api']" "only the chosen layers"
expect_eq "$(json "[p['name'] for p in d['projects']]")" "['order-history-domain', 'order-history-api']" "kebab project names"
st run-many -t lint test -p 'tag:context:order_history' --json
expect_rc 0 "a multi-word context passes its own checks"

# Importing another context's api makes it a dependency of the context.
printf 'from order_history_api import OrderHistoryDto\n\n__all__ = ["OrderHistoryDto"]\n' \
  >contexts/billing/application/src/billing_application/history.py
st context show billing --json
expect_eq "$(json "d['dependsOn']")" "['order_history']" "billing depends on order_history"
st context show order_history
expect_out "depends on: no other context" "order_history depends on nothing"

# A workspace generator with typed options.
mkdir -p tools/generators/note/files
cat >tools/generators/note/schema.json <<'JSON'
{"description": "A note", "destination": "notes",
 "options": {"owner": {"type": "string", "required": true}, "level": {"enum": ["low", "high"], "default": "low"}}}
JSON
echo "{{Name}} by {{owner}} ({{level}})" >tools/generators/note/files/__name-kebab__.md.tmpl
st generate note release_plan --owner team-a
expect_rc 0 "workspace generator"
expect_eq "$(cat notes/release-plan.md)" "ReleasePlan by team-a (low)" "options and defaults filled in"
st generate note other
expect_rc 1 "a required option missing"
expect_err "option --owner is required" "names the option"
st generate note other --owner x --levl high
expect_rc 1 "an unknown option"
expect_err "did you mean 'level'" "suggests the option"
st generate nte other
expect_rc 2 "an unknown workspace generator"
expect_err "did you mean 'note'" "suggests the generator"

finish
