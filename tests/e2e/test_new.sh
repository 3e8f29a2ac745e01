#!/usr/bin/env bash
# strata new: every file the workspace needs, git initialised with the hook
# switched on, schemas that validate the config files, make and just targets,
# --dry-run writing nothing, and a non-empty directory refused unless --force.
source "$(dirname "$0")/lib.sh"

VENV="$SOURCE_DIR/tests/.venv"
if [ ! -x "$VENV/bin/just" ]; then
  echo "FAIL: $VENV lacks the test tools; run scripts/install-test-deps" >&2
  exit 1
fi
PY="$VENV/bin/python"
FILES=(.editorconfig .githooks/pre-commit .github/workflows/ci.yml .gitignore .vscode/settings.json
  Makefile README.md justfile strata.json tools/ci/affected.sh tools/ci/install-strata.sh
  tools/generators/README.md
  tools/schemas/model.schema.json tools/schemas/project.schema.json tools/schemas/strata.schema.json)

st new shop --dry-run
expect_rc 0 "new --dry-run"
for f in "${FILES[@]}"; do expect_out "would create +$f\$" "dry run lists $f"; done
[ ! -e shop ] && pass || fail "--dry-run wrote shop/"

st new shop --dry-run --json
expect_eq "$("$PY" -c 'import json,sys; print(json.load(sys.stdin)["created"])' <<<"$OUT")" "${#FILES[@]}" "dry run JSON counts"

st new shop
expect_rc 0 "new shop"
for f in "${FILES[@]}"; do expect_file "shop/$f" "new writes $f"; done
expect_file shop/.git "git initialised"
expect_eq "$(git -C shop config core.hooksPath)" ".githooks" "hooks path"
expect_eq "$(git -C shop symbolic-ref --short HEAD)" "main" "default branch"
[ -x shop/.githooks/pre-commit ] && pass || fail "pre-commit hook is not executable"
expect_eq "$(head -1 shop/README.md)" "# shop" "README names the workspace"

# The schemas are valid JSON Schemas and the config files validate against them.
"$PY" - shop <<'PY' && pass || fail "schemas"
import json, sys, pathlib, jsonschema
from referencing import Registry, Resource
root = pathlib.Path(sys.argv[1])
schemas = root / "tools/schemas"
project = json.loads((schemas / "project.schema.json").read_text())
strata = json.loads((schemas / "strata.schema.json").read_text())
for s in (project, strata, json.loads((schemas / "model.schema.json").read_text())):
    jsonschema.Draft7Validator.check_schema(s)
registry = Registry().with_resources([(s["$id"], Resource.from_contents(s)) for s in (project, strata)])
config = json.loads((root / "strata.json").read_text())
jsonschema.Draft7Validator(strata, registry=registry).validate(config)
assert config["boundaries"]["publicLayer"] == "api"
assert config["boundaries"]["layers"]["application"] == ["domain", "api"]
settings = json.loads((root / ".vscode/settings.json").read_text())
assert {s["url"] for s in settings["json.schemas"]} == {"./tools/schemas/strata.schema.json", "./tools/schemas/project.schema.json"}
PY
"$PY" -c 'import sys, yaml; w = yaml.safe_load(open(sys.argv[1])); steps = w["jobs"]["affected"]["steps"]; assert any("tools/ci/affected.sh lint test build" in s.get("run", "") for s in steps)' \
  shop/.github/workflows/ci.yml && pass || fail "CI workflow"

cd shop
st graph
expect_rc 0 "graph in the new workspace"

for target in affected build test lint format graph check contexts; do
  make -n "$target" >/dev/null 2>&1 && pass || fail "make $target"
done
make graph STRATA="$STRATA" >/dev/null 2>&1 && pass || fail "make graph runs strata"
recipes="$("$VENV/bin/just" --summary 2>&1)"
for target in affected build test lint format graph check contexts; do
  grep -qw "$target" <<<"$recipes" && pass || fail "just $target: $recipes"
done
STRATA="$STRATA" "$VENV/bin/just" graph >/dev/null 2>&1 && pass || fail "just graph runs strata"

# The hook runs on the first commit (nothing affected yet, no projects).
git add -A
STRATA="$STRATA" git -c user.name=t -c user.email=t@example.invalid commit -qm init >/dev/null 2>&1 \
  && pass || fail "first commit through the pre-commit hook"
cd ..

st new shop
expect_rc 1 "a non-empty directory is refused"
expect_err "is not empty" "refusal says why"
expect_err "--force" "refusal hints at --force"

st new shop --force
expect_rc 0 "new --force into the same directory"
expect_out "Nothing to write" "a second run writes nothing"

echo "# ours" >>shop/Makefile
st new shop --force --no-git
expect_rc 0 "new --force with an edited file"
expect_out "skip +Makefile" "--force leaves the edited file"
expect_err "left as they are: Makefile" "and says so"
grep -q "# ours" shop/Makefile && pass || fail "--force overwrote the user's Makefile"

st new other --name "Acme Shop" --no-git
expect_rc 0 "new --name --no-git"
expect_eq "$(head -1 other/README.md)" "# acme-shop" "--name in README"
[ ! -e other/.git ] && pass || fail "--no-git ran git"

echo x >afile
st new afile
expect_rc 1 "a file is not a directory"

finish
