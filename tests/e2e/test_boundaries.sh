#!/usr/bin/env bash
# strata check boundaries on a hand-built polyglot workspace (Python,
# TypeScript and C++ contexts, plus tools tagged for Nx depConstraints):
# every kind of violation is introduced once and must be reported at its
# file and line; then --json, --project, and freezing with a baseline.
source "$(dirname "$0")/lib.sh"

put() {  # put FILE <<'X' ... X: writes stdin to FILE, creating directories
  mkdir -p "$(dirname "$1")"
  cat >"$1"
}
project() {  # project DIR NAME TAGS-JSON
  put "$1/project.json" <<X
{ "name": "$2", "tags": $3 }
X
}

put strata.json <<'X'
{
  "boundaries": {
    "layers": {
      "domain": [],
      "api": [],
      "application": ["domain", "api"],
      "infrastructure": ["domain", "application", "api"]
    },
    "publicLayer": "api",
    "bannedExternals": {
      "domain": ["fastapi", "sqlalchemy", "express", "boost"],
      "api": ["fastapi", "express"]
    },
    "depConstraints": [
      { "sourceTag": "context:*", "onlyDependOnLibsWithTags": ["*"] },
      { "sourceTag": "/^scope:shared$/", "onlyDependOnLibsWithTags": ["*"] },
      { "allSourceTags": ["scope:legacy", "lang:python"],
        "onlyDependOnLibsWithTags": ["scope:shared"],
        "notDependOnLibsWithTags": ["layer:infrastructure"],
        "bannedExternalImports": ["requests*"] }
    ]
  }
}
X
put package.json <<'X'
{ "name": "boundary-demo", "private": true, "workspaces": ["contexts/shipping/*"] }
X

# --- Python: contexts billing and ledger -----------------------------------
for layer in domain application infrastructure api; do
  project contexts/billing/$layer billing-$layer "[\"context:billing\", \"layer:$layer\", \"lang:python\"]"
  put contexts/billing/$layer/billing_$layer/__init__.py </dev/null
done
for layer in domain api; do
  project contexts/ledger/$layer ledger-$layer "[\"context:ledger\", \"layer:$layer\", \"lang:python\"]"
  put contexts/ledger/$layer/ledger_$layer/__init__.py </dev/null
done
put contexts/billing/domain/billing_domain/model.py <<'X'
"""Invoices."""

from billing_infrastructure.db import Database
import sqlalchemy
import dataclasses
X
put contexts/billing/infrastructure/billing_infrastructure/db.py <<'X'
from billing_domain.model import Invoice
from billing_application.service import bill
X
put contexts/billing/api/billing_api/dto.py <<'X'
class InvoiceDto: ...
X
put contexts/billing/application/billing_application/service.py <<'X'
from billing_domain.model import Invoice
from billing_api.dto import InvoiceDto
from ledger_domain.entry import Entry
from ledger_api.port import LedgerPort
X
put contexts/ledger/domain/ledger_domain/entry.py <<'X'
class Entry: ...
X
put contexts/ledger/api/ledger_api/port.py <<'X'
import typing
from billing_api.dto import InvoiceDto
X

# --- TypeScript: context shipping -------------------------------------------
for layer in domain application api; do
  put contexts/shipping/$layer/package.json <<X
{ "name": "@ws/shipping-$layer", "nx": { "tags": ["context:shipping", "layer:$layer", "lang:typescript"] } }
X
done
put contexts/shipping/domain/src/index.ts <<'X'
// Parcels.
import { Router } from 'express';
export interface Parcel { weightKg: number }
X
put contexts/shipping/api/src/index.ts <<'X'
export interface ShipRequest { weightKg: number }

import { Parcel } from '@ws/shipping-domain';
X
put contexts/shipping/application/src/index.ts <<'X'
import { Parcel } from '@ws/shipping-domain';
import type { ShipRequest } from '@ws/shipping-api';
X

# --- C++: context render ----------------------------------------------------
for layer in domain infrastructure api; do
  project contexts/render/$layer render-$layer "[\"context:render\", \"layer:$layer\", \"lang:cpp\"]"
done
put contexts/render/domain/include/render/domain/shape.h <<'X'
#pragma once
// A shape.
#include <boost/geometry.hpp>
#include <vector>
X
put contexts/render/domain/src/shape.cc <<'X'
#include "render/domain/shape.h"
#include "render/infrastructure/canvas.h"
X
put contexts/render/infrastructure/include/render/infrastructure/canvas.h <<'X'
#pragma once
#include "render/domain/shape.h"
X
put contexts/render/api/include/render/api/render.h <<'X'
#pragma once
X

# --- Tools outside any context, for depConstraints --------------------------
project tools/shared shared-util '["scope:shared"]'
put tools/shared/shared_util/__init__.py <<'X'
from billing_infrastructure.db import Database
X
project tools/legacy legacy-report '["scope:legacy", "lang:python"]'
put tools/legacy/legacy_report/__init__.py <<'X'
import shared_util
from billing_api.dto import InvoiceDto
import requests.adapters
X
project tools/orphan orphan-tool '[]'
put tools/orphan/orphan_tool/__init__.py <<'X'
import billing_api.dto
X
git_init


# --- Every kind of violation, with file and line ------------------------------
st check boundaries
expect_rc 1 "violations fail the check"
while IFS='|' read -r where arrow rule; do
  expect_out "^$where: $arrow: $rule" "$where"
done <<'X'
contexts/billing/domain/billing_domain/model.py:3|billing-domain → billing-infrastructure|layer rule: domain may not import infrastructure \(allowed: nothing\)
contexts/billing/domain/billing_domain/model.py:4|billing-domain → sqlalchemy|banned external: domain must not import sqlalchemy
contexts/billing/application/billing_application/service.py:3|billing-application → ledger-domain|context rule: context billing may import context ledger only through its api layer
contexts/ledger/api/ledger_api/port.py:2|ledger-api → billing-api|layer rule: api may not import another context's api
contexts/shipping/domain/src/index.ts:2|@ws/shipping-domain → express|banned external: domain must not import express
contexts/shipping/api/src/index.ts:3|@ws/shipping-api → @ws/shipping-domain|layer rule: api may not import domain
contexts/render/domain/include/render/domain/shape.h:3|render-domain → boost|banned external: domain must not import boost
contexts/render/domain/src/shape.cc:2|render-domain → render-infrastructure|layer rule: domain may not import infrastructure
tools/legacy/legacy_report/__init__.py:1|legacy-report → shared-util|tag constraint: projects tagged "scope:legacy" and "lang:python" must not depend on projects tagged "layer:infrastructure" \(via shared-util → billing-infrastructure\)
tools/legacy/legacy_report/__init__.py:2|legacy-report → billing-api|tag constraint: projects tagged "scope:legacy" and "lang:python" may only depend on projects tagged "scope:shared"
tools/legacy/legacy_report/__init__.py:3|legacy-report → requests|tag constraint: projects tagged "scope:legacy" and "lang:python" may not import requests
tools/orphan/orphan_tool/__init__.py:1|orphan-tool → billing-api|tag constraint: a project without tags matching at least one constraint
contexts/billing/domain/billing_domain/model.py:3|billing-domain → billing-infrastructure|project cycle: billing-domain → billing-infrastructure → billing-domain
contexts/ledger/api/ledger_api/port.py:2|ledger → billing|context cycle: ledger → billing → ledger
contexts/render/domain/src/shape.cc:2|render-domain → render-infrastructure|project cycle: render-domain → render-infrastructure → render-domain
X
expect_out "hint: remove one of these dependencies: billing-domain → billing-infrastructure \(contexts/billing/domain/billing_domain/model.py:3\); billing-infrastructure → billing-domain \(contexts/billing/infrastructure/billing_infrastructure/db.py:1\)" "cycle hint names every edge's import"
expect_out "hint: .*\(@ws/shipping-api\)|hint: import what" "hints are printed"
expect_no_out "dataclasses|typing|<vector>|application.service import bill" "allowed imports are not reported"
expect_err "boundaries: 15 violations" "summary counts every violation"

# The graph allows the cycles and marks them; the check reports them.
st graph
expect_rc 0 "graph works on the cycles"
expect_out "^  billing-application → billing-domain → billing-infrastructure → billing-application$" "graph lists the billing cycle"
expect_out "^  render-domain → render-infrastructure → render-domain$" "and the render one"

# --- JSON -------------------------------------------------------------------
st check boundaries --json
expect_rc 1 "--json exits 1 too"
expect_eq "$(json "len(d['violations'])")" "15" "json lists every violation"
expect_eq "$(json "sorted(set(v['rule'] for v in d['violations']))")" \
  "['banned-external', 'banned-import', 'context-cycle', 'layer', 'no-constraint', 'not-tags', 'only-tags', 'project-cycle', 'public-layer']" \
  "every kind of rule is found"
expect_eq "$(json "[(v['file'], v['line'], v['import']) for v in d['violations'] if v['rule']=='public-layer']")" \
  "[('contexts/billing/application/billing_application/service.py', 3, 'ledger_domain.entry.Entry')]" "json carries file, line and import"
expect_eq "$(json "[(e['from'], e['to'], e['line']) for v in d['violations'] if v['rule']=='context-cycle' for e in v['cycle']]")" \
  "[('ledger', 'billing', 2), ('billing', 'ledger', 3)]" "context cycle edges with lines"

# --- One project, as a lint target does ----------------------------------------
st check boundaries --project billing-domain --json
expect_rc 1 "--project finds the project's own violations"
expect_eq "$(json "[(v['rule'], v['line']) for v in d['violations']]")" "[('layer', 3), ('banned-external', 4)]" "only billing-domain's imports, no cycles"
st check boundaries --project billing-api
expect_rc 0 "a clean project passes"
st check boundaries --project biling-domain
expect_rc 1 "unknown project"
expect_err "did you mean 'billing-domain'" "unknown project gets a suggestion"

# --- Baseline: freeze, shift lines, add one --------------------------------------
st check boundaries --update-baseline boundaries-baseline.json
expect_rc 0 "--update-baseline writes and succeeds"
expect_eq "$(json "d['version'], len(d['violations'])" boundaries-baseline.json)" "1 15" "baseline holds every violation"
st check boundaries --baseline boundaries-baseline.json
expect_rc 0 "frozen violations pass"
expect_err "15 frozen by the baseline" "frozen count"
sed -i '1i # moved down by one line' contexts/billing/domain/billing_domain/model.py
echo 'from billing_infrastructure.db import Database as Again' >>contexts/ledger/domain/ledger_domain/entry.py
st check boundaries --baseline boundaries-baseline.json
expect_rc 1 "a new violation fails despite the baseline"
expect_out "^contexts/ledger/domain/ledger_domain/entry.py:2: ledger-domain → billing-infrastructure: context rule" "the new violation is reported"
expect_no_out "billing_domain/model.py" "line shifts keep frozen violations frozen"
expect_out "^contexts/ledger/domain/ledger_domain/entry.py:2: ledger-domain → billing-infrastructure: project cycle: ledger-domain → billing-infrastructure → billing-application → ledger-domain" "and the cycle it closes"
expect_out "ledger-domain → billing-infrastructure \(contexts/ledger/domain/ledger_domain/entry.py:2\)" "the cycle names the new import"
expect_err "boundaries: 2 violations in .*15 frozen" "two new, the rest frozen"
echo '{"format": "strata-boundary-baseline", "version": 99, "violations": []}' >bad.json
st check boundaries --baseline bad.json
expect_rc 1 "unknown baseline version"
expect_err "bad.json: unsupported boundary baseline version 99" "version error names the file"

# --- As a cached lint target, in a workspace without cycles -------------------
mkdir lint && cd lint || exit 1
echo '{}' >strata.json
put contexts/pay/domain/project.json <<'X'
{ "name": "pay-domain", "tags": ["context:pay", "layer:domain"] }
X
put contexts/pay/domain/pay_domain/__init__.py </dev/null
put contexts/pay/api/project.json <<X
{ "name": "pay-api", "tags": ["context:pay", "layer:api"],
  "targets": { "lint": { "command": "$STRATA check boundaries --project pay-api", "cache": true,
                         "inputs": ["{projectRoot}/**/*.py", "{workspaceRoot}/strata.json"] } } }
X
put contexts/pay/api/pay_api/__init__.py <<'X'
import dataclasses
X
git_init
st run pay-api:lint --json
expect_rc 0 "lint target runs the check"
st run pay-api:lint --json
expect_eq "$(json "d['tasks'][0]['cache']")" "hit" "second lint run comes from the cache"
echo 'from pay_domain import Money' >>contexts/pay/api/pay_api/__init__.py
st run pay-api:lint
expect_rc 1 "a new violation in the project fails its lint target"
expect_out "pay_api/__init__.py:2: pay-api → pay-domain: layer rule" "and is shown"
cd ..

# --- Config errors are located -----------------------------------------------
python3 - <<'X'
import json
d = json.load(open('strata.json'))
d['boundaries']['layers']['domain'] = 'none'
d['boundaries']['depConstraints'].append({'onlyDependOnLibsWithTags': []})
json.dump(d, open('strata.json', 'w'), indent=2)
X
st check boundaries
expect_rc 1 "bad rules fail"
expect_err "strata.json:[0-9]+:[0-9]+: 'domain' must be an array of strings" "type error at file:line"
expect_err "needs 'sourceTag' or 'allSourceTags'" "constraint without a source tag"

finish
