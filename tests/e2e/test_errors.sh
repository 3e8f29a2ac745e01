#!/usr/bin/env bash
# Bad input gets one clear line naming the file, line and cause, a hint
# where one exists, and a non-zero exit.
source "$(dirname "$0")/lib.sh"

mkdir -p libs/alpha libs/beta
echo '{}' > nx.json
cat > libs/alpha/project.json <<'JSON'
{
  "name": "alpha",
  "targets": {
    "build": { "command": "echo building alpha" }
  }
}
JSON
cat > libs/beta/project.json <<'JSON'
{
  "name": "beta",
  "implicitDependencies": ["alpha"],
  "targets": { "build": { "command": "echo building beta", "dependsOn": ["^build"] } }
}
JSON
git_init

st run alpah:build
expect_rc 1 "unknown project"
expect_err "unknown project 'alpah'" "unknown project named"
expect_err "did you mean 'alpha'" "project suggestion"

st run alpha:biuld
expect_rc 1 "unknown target"
expect_err "biuld" "unknown target named"
expect_err "did you mean 'build'" "target suggestion"

st run-many -t build
expect_rc 0 "good workspace runs"

st grpah
expect_rc 2 "unknown command"
expect_err "did you mean 'graph'" "command suggestion"

# Malformed JSON: file, line and column.
cat > libs/alpha/project.json <<'JSON'
{
  "name": "alpha",
  "targets": {
    "build": { "command": "echo hi", }
  }
}
JSON
st show projects
expect_rc 1 "malformed project.json"
expect_err "libs/alpha/project.json:4:[0-9]+" "syntax error located"

# Unknown key: a warning with a suggestion, the run still works.
cat > libs/alpha/project.json <<'JSON'
{
  "name": "alpha",
  "tagz": ["x"],
  "targets": { "build": { "command": "echo hi" } }
}
JSON
st show projects
expect_rc 0 "unknown key is only a warning"
expect_err "warning: libs/alpha/project.json:3:[0-9]+" "unknown key located"
expect_err "tags" "unknown key suggestion"

# An executor that only Node can run.
cat > libs/alpha/project.json <<'JSON'
{
  "name": "alpha",
  "targets": { "build": { "executor": "@nx/js:tsc", "options": { "main": "src/index.ts" } } }
}
JSON
st run alpha:build
expect_rc 1 "unsupported executor"
expect_err "libs/alpha/project.json:3:[0-9]+" "executor error located"
expect_err "@nx/js:tsc" "executor named"
expect_err "command" "hint shows the command form"

# A project cycle is allowed; running tasks around it prints the whole cycle.
cat > libs/alpha/project.json <<'JSON'
{ "name": "alpha", "implicitDependencies": ["beta"], "targets": { "build": { "command": "echo a", "dependsOn": ["^build"] } } }
JSON
st graph
expect_rc 0 "a project cycle does not stop graph"
expect_out "alpha → beta → alpha" "whole cycle shown"
st run beta:build
expect_rc 1 "task cycle"
expect_err "^strata: error: task dependency cycle: alpha:build -> beta:build -> alpha:build$" "whole task cycle printed"
expect_err "hint: .*--ignore-cycles" "hint on the next line"

finish
