#!/usr/bin/env bash
# A new workspace with a generated TypeScript bounded context, checked with the
# real toolchain through strata: the layer edges in the graph, then strict tsc
# builds, node:test suites and the tsc lint all passing on the first run-many
# (an entity, a command, a query and an adapter generated into the context run
# with them), and a second run-many entirely cached.
source "$(dirname "$0")/lib.sh"


st new shop
expect_rc 0 "strata new"
cd shop || exit 1

st generate context "Billing Service" --lang typescript
expect_rc 1 "a name with a space is refused"
expect_err "billing_service" "and a valid name is suggested"

st generate context billing --lang typescript
expect_rc 0 "generate context"
expect_out "npm packages: npm install" "generate installs the npm packages"
expect_file node_modules/.bin/tsc "TypeScript installed"
for f in contexts/billing/domain/src/billing.ts contexts/billing/api/src/billing-service.ts \
  contexts/billing/application/src/ports.ts contexts/billing/infrastructure/src/sqlite-billing-repository.ts \
  contexts/billing/infrastructure/src/http-controller.ts package.json tsconfig.base.json; do
  expect_file "$f" "generated $f"
done
expect_eq "$(python3 -c "import json; print(json.load(open('package.json'))['workspaces'])")" \
  "['contexts/*/*']" "root package.json lists the contexts as npm workspaces"

# The shared root files are written once: --force regenerates the context but
# keeps the team's root package.json.
python3 - <<'PY'
import json
d = json.load(open("package.json"))
d["description"] = "the team's own"
json.dump(d, open("package.json", "w"), indent=2)
PY
st generate context billing --lang typescript --force
expect_rc 0 "generate --force"
grep -q "the team's own" package.json && pass || fail "--force overwrote the shared package.json"

st generate entity invoice_line --context billing
expect_rc 0 "generate entity"
st generate command cancel --context billing
expect_rc 0 "generate command"
st generate query summary --context billing
expect_rc 0 "generate query"
st generate adapter webhook --context billing
expect_rc 0 "generate adapter"
expect_file contexts/billing/domain/src/invoice-line.ts "entity file"
expect_file contexts/billing/application/src/cancel-handler.ts "command handler"
expect_file contexts/billing/application/src/summary-handler.ts "query handler"
expect_file contexts/billing/infrastructure/src/webhook-event-publisher.ts "adapter"

expect_file node_modules/@shop/billing-infrastructure "no manual npm install: the layers are linked"

st graph --json
expect_rc 0 "graph --json"
deps() { json "sorted(set(e['target'] for e in d['graph']['dependencies']['$1']))"; }
expect_eq "$(deps billing-domain)" "[]" "domain imports nothing"
expect_eq "$(deps billing-api)" "[]" "api imports nothing"
expect_eq "$(deps billing-application)" "['billing-api', 'billing-domain']" "application edges"
expect_eq "$(deps billing-infrastructure)" "['billing-api', 'billing-application', 'billing-domain']" \
  "infrastructure edges"
expect_eq "$(json "sorted(d['graph']['nodes']['billing-application']['data']['tags'])")" \
  "['context:billing', 'lang:typescript', 'layer:application']" "layer tags"

st run-many -t build test lint --json
expect_rc 0 "first run: the generated code builds, passes its tests and its lint"
expect_eq "$(json "len(d['tasks'])")" "12" "build, test and lint for four layers"
expect_eq "$(json "sorted(set(t['status'] for t in d['tasks']))")" "['success']" "all succeeded"
expect_file contexts/billing/infrastructure/dist/index.js "compiled"

st run-many -t build test lint --json
expect_rc 0 "second run"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "12" "second run fully cached"

# A type error is caught by the build and reported as a failed task.
echo 'export const broken: number = "text";' >>contexts/billing/domain/src/policy.ts
st run-many -t build -p billing-domain
expect_rc 1 "a type error fails the build"
expect_out "TS2322" "tsc's message is shown"

finish
