#!/usr/bin/env bash
# Cycles in the project graph, as Nx allows them: package.json workspaces
# whose dependencies and devDependencies form a cycle of 2 and one of 4
# packages, and a Python workspace where one import closes a cycle. Every
# command that reads the graph works and marks the cycles; only running
# tasks that depend on each other in a cycle fails, naming the cycle, and
# --ignore-cycles runs them in a fixed order.
source "$(dirname "$0")/lib.sh"

log() { tr '\n' ' ' < build.log | sed 's/ $//'; }
expect_absent() { if [ -e "$1" ]; then fail "$2: $1 exists"; else pass; fi; }

# --- package.json workspaces ----------------------------------------------
mkdir npm && cd npm
cat > package.json <<'JSON'
{ "name": "root", "private": true, "workspaces": ["packages/*"] }
JSON
cat > nx.json <<'JSON'
{
  "namedInputs": { "default": ["{projectRoot}/**/*"] },
  "targetDefaults": {
    "build": { "dependsOn": ["^build"] },
    "test": { "inputs": ["default", "^default"] }
  }
}
JSON
# package NAME KIND DEP [KIND DEP ...]
package() {
  local name=$1 deps="" kind dep
  shift
  declare -A by_kind=()
  while [ $# -gt 0 ]; do
    kind=$1 dep=$2
    shift 2
    by_kind[$kind]+="${by_kind[$kind]:+, }\"$dep\": \"*\""
  done
  for kind in "${!by_kind[@]}"; do deps+=", \"$kind\": { ${by_kind[$kind]} }"; done
  mkdir -p packages/$name
  cat > packages/$name/package.json <<JSON
{ "name": "$name", "version": "1.0.0"$deps,
  "scripts": { "build": "echo $name >> ../../build.log", "test": "echo tested $name" } }
JSON
  echo "module.exports = '$name';" > packages/$name/index.js
}
package alpha dependencies beta
package beta devDependencies alpha
package p1 dependencies p2
package p2 devDependencies p3
package p3 dependencies p4
package p4 devDependencies p1
package app dependencies alpha
package solo
package solo2 dependencies solo
printf 'build.log\n' > .gitignore
git_init

# graph: text
st graph
expect_rc 0 "graph works on a cyclic workspace"
expect_out "^9 projects, 8 dependencies \(8 static, 0 dynamic, 0 implicit\), 2 cycles$" "summary counts the cycles"
expect_out "^  alpha → beta → alpha$" "2-cycle listed"
expect_out "^  p1 → p2 → p3 → p4 → p1$" "4-cycle listed"
expect_out "^  → beta \[cycle\]$" "edges inside a cycle are marked"
expect_out "^  → alpha$" "edges into a cycle are not"

# graph: Nx JSON plus cycles beside it
st graph --json
expect_rc 0 "graph --json"
expect_eq "$(json "sorted(d.keys())")" "['cycles', 'graph']" "cycles sit beside the Nx graph"
expect_eq "$(json "sorted(d['graph'].keys())")" "['dependencies', 'nodes']" "Nx graph shape kept"
expect_eq "$(json "[(c['projects'], c['path']) for c in d['cycles']]")" \
  "[(['alpha', 'beta'], ['alpha', 'beta', 'alpha']), (['p1', 'p2', 'p3', 'p4'], ['p1', 'p2', 'p3', 'p4', 'p1'])]" \
  "JSON cycles"
expect_eq "$(json "[e['target'] for e in d['graph']['dependencies']['beta']]")" "['alpha']" "devDependencies edge"

# graph: DOT and HTML
st graph --dot
expect_rc 0 "graph --dot"
expect_out "// cycle: alpha -> beta -> alpha" "DOT names the cycle"
expect_out '"p4" -> "p1" \[color=red\];' "DOT colours cycle edges"
expect_out '"app" -> "alpha";' "DOT leaves other edges alone"
st graph --file graph.html
expect_rc 0 "graph --file graph.html"
OUT="$(python3 -c "
import json, re
html = open('graph.html').read()
data = json.loads(re.search(r'application/json\">(.*?)</script>', html, re.S).group(1))
names = [n['name'] for n in data['nodes']]
print([[names[i] for i in c['path']] for c in data['cycles']], sum(1 for e in data['edges'] if e[3]))
")"
expect_eq "$OUT" "[['alpha', 'beta', 'alpha'], ['p1', 'p2', 'p3', 'p4', 'p1']] 6" "HTML data lists cycles and flags their edges"
st graph --focus solo2
expect_rc 0 "focus outside the cycles"
expect_no_out "cycle" "no cycle in the focused part"

# show
st show projects
expect_rc 0 "show projects"
expect_eq "$(echo $OUT)" "alpha app beta p1 p2 p3 p4 solo solo2" "every project listed"
st show project beta
expect_rc 0 "show project in a cycle"
expect_out "^  in a cycle:  alpha, beta$" "show project names its cycle"
st show project beta --json
expect_eq "$(json "(d['cycle'], d['dependents'])")" "(['alpha', 'beta'], ['alpha'])" "show project --json cycle"
st show project solo --json
expect_eq "$(json "d['cycle']")" "[]" "no cycle"

# affected: dependents through the cycle
st show projects --affected --files packages/beta/index.js --json
expect_rc 0 "affected through a cycle"
expect_eq "$(json "d")" "['alpha', 'app', 'beta']" "the cycle and what depends on it"
st show projects --affected --files packages/p3/index.js --json
expect_eq "$(json "d")" "['p1', 'p2', 'p3', 'p4']" "the whole 4-cycle"

# Running tasks that depend on each other in a cycle fails, naming the cycle.
st run alpha:build
expect_rc 1 "a cyclic task graph fails"
expect_err "^strata: error: task dependency cycle: alpha:build -> beta:build -> alpha:build$" "names the cycle of tasks"
expect_err "hint: .*--ignore-cycles" "hint names --ignore-cycles"
expect_absent build.log "nothing ran"
st run p3:build
expect_rc 1 "the 4-cycle fails"
expect_err "task dependency cycle: p1:build -> p2:build -> p3:build -> p4:build -> p1:build" "named from its first task"
st run app:build
expect_rc 1 "a task that needs the cycle fails"
expect_err "alpha:build -> beta:build -> alpha:build" "and names it"
st run-many -t build
expect_rc 1 "run-many over the cycles fails"
st affected -t build --files packages/beta/index.js
expect_rc 1 "affected over the cycle fails"
expect_err "task dependency cycle" "with the cycle"

# ... but tasks outside it run.
st run solo2:build
expect_rc 0 "unrelated tasks run"
expect_eq "$(log)" "solo solo2" "in dependency order"
rm -f build.log
st run-many -t test
expect_rc 0 "targets without ^ dependencies run in cyclic projects"
st run-many -t build -p 'solo*'
expect_rc 0 "run-many of unrelated projects"
rm -f build.log
st affected -t build --files packages/solo/index.js
expect_rc 0 "affected outside the cycle"
expect_eq "$(log)" "solo solo2" "affected ran them"
rm -f build.log

# explain: hashing through a project cycle
st explain beta:test
expect_rc 0 "explain a task whose inputs go through the cycle"
expect_out "dependency-inputs +alpha:default" "the other member's inputs"
st explain alpha:build
expect_rc 1 "explain a task in a task cycle"
expect_err "task dependency cycle" "names the cycle"
st explain alpha:build --ignore-cycles
expect_rc 0 "explain --ignore-cycles"

# --ignore-cycles: the same order whichever task is asked for.
st run alpha:build --ignore-cycles
expect_rc 0 "--ignore-cycles runs the cycle"
expect_err "warning: --ignore-cycles: 1 task dependency in cycles not waited for: beta:build -> alpha:build" "says which wait it dropped"
expect_eq "$(log)" "beta alpha" "beta first"
rm -f build.log
st run beta:build --ignore-cycles
expect_rc 0 "from the other side"
expect_eq "$(log)" "beta alpha" "the same order"
rm -f build.log
st run p2:build --ignore-cycles
expect_rc 0 "4-cycle with --ignore-cycles"
expect_eq "$(log)" "p4 p3 p2 p1" "the edge back to p1 is dropped"
rm -f build.log
st run-many -t build --ignore-cycles --dry-run --json
expect_rc 0 "run-many --ignore-cycles --dry-run"
expect_eq "$(json "[t['id'] for t in d['tasks']]")" \
  "['beta:build', 'alpha:build', 'app:build', 'p4:build', 'p3:build', 'p2:build', 'p1:build', 'solo:build', 'solo2:build']" \
  "stable order"
expect_eq "$(json "[(i['task'], i['dependency']) for i in d['ignoredDependencies']]")" \
  "[('beta:build', 'alpha:build'), ('p4:build', 'p1:build')]" "dropped dependencies listed"
st run-many -t build --ignore-cycles --parallel 1
expect_rc 0 "run-many --ignore-cycles"
expect_eq "$(grep -cx 'p[1-4]' build.log)" "4" "every task ran once"
expect_eq "$(grep -x 'p[1-4]' build.log | tr '\n' ' ')" "p4 p3 p2 p1 " "cycle members in order"
rm -f build.log
st affected -t build --files packages/beta/index.js --ignore-cycles --parallel 1
expect_rc 0 "affected --ignore-cycles"
expect_eq "$(log)" "beta alpha app" "affected cycle in order"
rm -f build.log

# check boundaries still reports project cycles.
st check boundaries
expect_rc 1 "boundaries fail on cycles"
expect_out "project cycle: beta → alpha → beta" "2-cycle reported"
expect_out "project cycle: p4 → p1 → p2 → p3 → p4" "4-cycle reported"

# Warm starts: the snapshot and the stored rendering hold the cycles.
sleep 2.2
st graph
first="$OUT"
STRATA_PROFILE=1 st graph
expect_eq "$OUT" "$first" "stored graph output keeps the cycles"
expect_err "graph output load" "warm graph"
st show projects
STRATA_PROFILE=1 st show project alpha --json
expect_err "workspace snapshot used" "snapshot stored for a cyclic graph"
expect_eq "$(json "d['cycle']")" "['alpha', 'beta']" "cycle from the snapshot"
STRATA_PROFILE=1 st run alpha:build
expect_rc 1 "warm: the cycle still stops the run"
expect_err "workspace snapshot used" "from the snapshot"
expect_err "task dependency cycle: alpha:build -> beta:build -> alpha:build" "warm: same cycle"
cd ..

# --- Python: one stray import closes a cycle ------------------------------
mkdir py && cd py
echo '{}' > strata.json
pyproject() {
  mkdir -p libs/$1/$1
  cat > libs/$1/pyproject.toml <<TOML
[project]
name = "$1"
version = "0.1.0"

[tool.strata.targets.build]
command = "echo $1 >> build.log"
dependsOn = ["^build"]
TOML
  : > libs/$1/$1/__init__.py
}
pyproject core
pyproject util
pyproject tool
echo "from util import helper" > libs/core/core/service.py
echo "def helper(): return 1" > libs/util/util/__init__.py
printf 'build.log\n' > .gitignore
git_init
st graph
expect_rc 0 "acyclic python workspace"
expect_no_out "cycle" "no cycle yet"
echo "from core.service import helper as h" > libs/util/util/back.py
st graph
expect_rc 0 "an import that closes a cycle does not stop graph"
expect_out "^  core → util → core$" "import cycle listed"
st graph --json
expect_eq "$(json "d['cycles'][0]['projects']")" "['core', 'util']" "import cycle in JSON"
st show projects
expect_rc 0 "show projects after the stray import"
st run tool:build
expect_rc 0 "unrelated project still builds"
st run core:build
expect_rc 1 "the cycle's own build stops"
expect_err "task dependency cycle: core:build -> util:build -> core:build" "with the cycle named"
st check boundaries --json
expect_rc 1 "boundaries report the import cycle"
expect_eq "$(json "[(v['rule'], v['file']) for v in d['violations']]")" \
  "[('project-cycle', 'libs/util/util/back.py')]" "as a project cycle at the stray import"
cd ..

finish
