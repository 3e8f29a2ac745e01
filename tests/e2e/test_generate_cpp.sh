#!/usr/bin/env bash
# A new workspace with a generated C++ bounded context, checked with the real
# toolchain through strata: the layer edges the include scanner finds, then
# CMake builds, GoogleTest suites (ctest) and the strict lint all passing on
# the first run-many (an entity, a command, a query and an adapter generated
# into the context run with them), a second run-many entirely cached, and the
# lint catching what the build lets through.
source "$(dirname "$0")/lib.sh"


st new shop
expect_rc 0 "strata new"
cd shop || exit 1

st generate context class --lang cpp
expect_rc 1 "a C++ keyword is refused as a name"
expect_err "class" "the message names it"

st generate context billing --lang cpp
expect_rc 0 "generate context"
for f in contexts/billing/domain/src/billing/domain/billing.h contexts/billing/api/src/billing/api/billing_service.h \
  contexts/billing/application/src/billing/application/ports.h \
  contexts/billing/infrastructure/src/billing/infrastructure/sqlite_billing_repository.cc \
  contexts/billing/infrastructure/src/billing/infrastructure/http_controller.cc \
  cmake/context_layer.cmake cmake/lint.cmake; do
  expect_file "$f" "generated $f"
done

# The shared CMake helpers are written once: --force regenerates the context
# but keeps the team's edits to them.
echo "# the team's note" >>cmake/context_layer.cmake
st generate context billing --lang cpp --force
expect_rc 0 "generate --force"
grep -q "the team's note" cmake/context_layer.cmake && pass || fail "--force overwrote cmake/context_layer.cmake"

st generate entity invoice_line --context billing
expect_rc 0 "generate entity"
st generate command cancel --context billing
expect_rc 0 "generate command"
st generate query summary --context billing
expect_rc 0 "generate query"
st generate adapter webhook --context billing
expect_rc 0 "generate adapter"
expect_file contexts/billing/domain/src/billing/domain/invoice_line.h "entity header"
expect_file contexts/billing/application/src/billing/application/cancel_handler.cc "command handler"
expect_file contexts/billing/application/src/billing/application/summary_handler.cc "query handler"
expect_file contexts/billing/infrastructure/src/billing/infrastructure/webhook_event_publisher.cc "adapter"

st graph --json
expect_rc 0 "graph --json"
deps() { json "sorted(set(e['target'] for e in d['graph']['dependencies']['$1']))"; }
expect_eq "$(deps billing-domain)" "[]" "domain includes nothing of the workspace"
expect_eq "$(deps billing-api)" "[]" "api includes nothing of the workspace"
expect_eq "$(deps billing-application)" "['billing-api', 'billing-domain']" "application edges"
expect_eq "$(deps billing-infrastructure)" "['billing-api', 'billing-application', 'billing-domain']" \
  "infrastructure edges"
expect_eq "$(json "sorted(d['graph']['nodes']['billing-domain']['data']['tags'])")" \
  "['context:billing', 'lang:cpp', 'layer:domain']" "layer tags"

st run-many -t build test lint --json
expect_rc 0 "first run: the generated code builds, passes its tests and its lint"
expect_eq "$(json "len(d['tasks'])")" "12" "build, test and lint for four layers"
expect_eq "$(json "sorted(set(t['status'] for t in d['tasks']))")" "['success']" "all succeeded"
expect_file contexts/billing/infrastructure/build/billing_infrastructure_test "test binary built"

st run-many -t build test lint --json
expect_rc 0 "second run"
expect_eq "$(json "sum(t['cache']=='hit' for t in d['tasks'])")" "12" "second run fully cached"

# An old-style cast compiles under -Wall -Wextra, but the lint refuses it.
cat >>contexts/billing/domain/src/billing/domain/rules.cc <<'CC'
namespace billing::domain {
int legacy_units(long units);
int legacy_units(long units) { return (int)units; }
}  // namespace billing::domain
CC
st run-many -t lint -p billing-domain
expect_rc 1 "the lint fails"
expect_out "old-style-cast" "the compiler's warning is shown"

finish
