#!/usr/bin/env bash
# `--graph[=FILE]` on run, run-many and affected: the task graph instead of
# a run, as Nx's task graph JSON (on stdout, or FILE.json) or as a
# self-contained HTML page (FILE.html). Nothing runs.
source "$(dirname "$0")/lib.sh"

mkdir -p apps/web libs/ui
echo '{"targetDefaults":{"build":{"dependsOn":["^build"]}}}' > nx.json
echo '{"name":"web","implicitDependencies":["ui"],"targets":{"build":{"command":"touch '"$WORK"'/ran","outputs":["{projectRoot}/dist"]}}}' > apps/web/project.json
echo '{"name":"ui","targets":{"build":{"command":"touch '"$WORK"'/ran"}}}' > libs/ui/project.json
echo 'export {}' > libs/ui/x.ts
git_init

check_json() {  # file, what
  if python3 - "$1" <<'PY'; then pass; else fail "$2: $(head -c 2000 "$1")"; fi
import json, sys
g = json.load(open(sys.argv[1]))
assert set(g) >= {"tasks", "dependencies", "roots"}, g.keys()
assert set(g["tasks"]) == {"web:build", "ui:build"}, g["tasks"]
web = g["tasks"]["web:build"]
assert web["id"] == "web:build" and web["target"] == {"project": "web", "target": "build"}, web
assert web["outputs"] == ["apps/web/dist"] and web["projectRoot"] == "apps/web", web
assert g["dependencies"] == {"web:build": ["ui:build"], "ui:build": []}, g["dependencies"]
assert g["roots"] == ["ui:build"], g["roots"]
PY
}

st run web:build --graph
expect_rc 0 "run --graph"
printf '%s\n' "$OUT" > stdout.json
check_json stdout.json "run --graph prints the task graph JSON"

st run-many -t build --graph=graph.json
expect_rc 0 "run-many --graph=FILE.json"
check_json graph.json "run-many --graph=FILE.json writes it"

st affected -t build --files libs/ui/x.ts --graph=graph.html
expect_rc 0 "affected --graph=FILE.html"
if grep -q '<!DOCTYPE html>' graph.html && grep -q 'web:build' graph.html && grep -q 'ui:build' graph.html &&
  ! grep -qE '<(script|link)[^>]+src=' graph.html; then pass; else fail "the HTML page holds the tasks, self-contained"; fi

st affected -t build --files nx-unowned.txt --graph
expect_rc 0 "affected --graph with nothing affected"
expect_eq "$(python3 -c 'import json,sys; g=json.load(sys.stdin); print(g["tasks"], g["roots"])' <<<"$OUT")" "{} []" \
  "nothing affected is an empty task graph"

st run-many -t build --graph=graph.txt
expect_rc 2 "an unknown graph file type is a usage error"
expect_err "hint: write --graph=FILE.json" "with a hint"

if [ -e "$WORK/ran" ]; then fail "--graph ran a task"; else pass; fi

finish
