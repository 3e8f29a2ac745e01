#!/usr/bin/env python3
"""Conformance test: runs Nx (pinned in package.json, installed here) and
Strata on the same fixture workspaces and asserts they agree on the
projects, the project graph's edges, the task graph and the affected sets.

Each fixture under fixtures/<name>/ is copied to a temporary directory, made
a real git repository, and given node_modules links to the Nx and TypeScript
installed beside this script. Nx runs offline, without its daemon, cache or
cloud. Every comparison is one check; the last line printed is
`N passed, N failed`, and the exit code is non-zero when any check failed.
A command Strata does not support yet fails its checks: nothing is skipped.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
NODE_MODULES = HERE / "node_modules"
# Packages linked into each fixture's node_modules. Nx analyses TypeScript
# imports only when it can resolve `typescript` from the workspace root.
LINKED_PACKAGES = ("nx", "typescript")
CASES_FILE = "conformance.json"
BASE_BRANCH = "main"

# Keeps Nx offline, single-process and free of state shared between runs.
NX_ENV = {
    "NX_DAEMON": "false",
    "NX_NO_CLOUD": "true",
    "NX_TUI": "false",
    "NX_SKIP_NX_CACHE": "true",
    "NX_CACHE_PROJECT_GRAPH": "false",
    "NX_ISOLATE_PLUGINS": "false",
    "NX_VERBOSE_LOGGING": "false",
    "NX_INTERACTIVE": "false",
    "NX_SKIP_LOG_GROUPING": "true",
}
COMMON_ENV = {"CI": "true", "NO_COLOR": "1", "FORCE_COLOR": "0"}
GIT = ["git", "-c", "user.name=conformance", "-c", "user.email=conformance@example.invalid",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=" + BASE_BRANCH]
COMMAND_TIMEOUT_S = 120


class ToolError(Exception):
    """A tool exited non-zero or printed something that is not the JSON asked for."""


class Results:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, nx_value, strata_value, diff):
        """Records one comparison; `diff` returns the lines describing a mismatch."""
        if isinstance(nx_value, ToolError):
            self.fail(name, [str(nx_value)])
            return
        if isinstance(strata_value, ToolError):
            # What Nx produced is what Strata should have printed.
            self.fail(name, [str(strata_value), "nx: " + describe(nx_value)])
            return
        lines = diff(nx_value, strata_value)
        if lines:
            self.fail(name, lines)
        else:
            self.passed += 1
            print(f"ok    {name}")

    def fail(self, name, lines):
        self.failed += 1
        print(f"FAIL  {name}")
        for line in lines:
            print(f"        {line}")


def describe(value):
    """A compact, stable rendering of a compared value."""
    if isinstance(value, set):
        return "[" + ", ".join(map(show_item, sorted(value))) + "]"
    if isinstance(value, dict):
        return "{" + "; ".join(f"{show_item(k)}: {describe(v)}" for k, v in sorted(value.items())) + "}"
    return repr(value)


def show_item(item):
    return show_edge(item) if isinstance(item, tuple) else str(item)


def run_tool(argv, cwd, env, what):
    try:
        proc = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True,
                              timeout=COMMAND_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise ToolError(f"{what}: `{' '.join(map(str, argv))}` could not run: {e}")
    if proc.returncode != 0:
        raise ToolError(f"{what}: `{' '.join(map(str, argv))}` exited {proc.returncode}: "
                        f"{tail(proc.stderr or proc.stdout)}")
    return proc.stdout


def tail(text, limit=1500):
    text = text.strip()
    return text if len(text) <= limit else "..." + text[-limit:]


def parse_json(text, what, lenient=False):
    """Strata must print exactly one JSON document. Nx may print notices
    around it, so for Nx (`lenient`) the last line that parses is taken."""
    try:
        return json.loads(text)
    except ValueError:
        pass
    if lenient:
        for line in reversed(text.splitlines()):
            line = line.strip()
            if line.startswith(("[", "{")):
                try:
                    return json.loads(line)
                except ValueError:
                    continue
    raise ToolError(f"{what}: output is not JSON: {tail(text, 600)!r}")


# --- Nx ---------------------------------------------------------------------


class Nx:
    def __init__(self, workspace, data_dir):
        self.workspace = workspace
        pkg = json.loads((NODE_MODULES / "nx" / "package.json").read_text())
        self.bin = workspace / "node_modules" / "nx" / pkg["bin"]["nx"]
        self.env = dict(os.environ, **COMMON_ENV, **NX_ENV,
                        NX_WORKSPACE_DATA_DIRECTORY=str(data_dir / "workspace-data"),
                        NX_CACHE_DIRECTORY=str(data_dir / "cache"))
        self.out_dir = data_dir

    def _run(self, args, what):
        return run_tool(["node", str(self.bin), *args], self.workspace, self.env, "nx " + what)

    def projects(self, extra=()):
        out = self._run(["show", "projects", *extra, "--json"], "show projects")
        return set(parse_json(out, "nx show projects", lenient=True))

    def affected_files(self, files):
        return self.projects(["--affected", "--files=" + ",".join(files)])

    def affected_range(self, base, head):
        return self.projects(["--affected", "--base=" + base, "--head=" + head])

    def graph(self):
        path = self.out_dir / "graph.json"
        path.unlink(missing_ok=True)
        self._run(["graph", "--file=" + str(path)], "graph")
        return normalize_graph(read_json_file(path, "nx graph"), "nx graph")

    def tasks(self, targets):
        path = self.out_dir / "tasks.json"
        path.unlink(missing_ok=True)
        self._run(["run-many", "--targets=" + ",".join(targets), "--graph=" + str(path)],
                  "run-many --graph")
        doc = read_json_file(path, "nx run-many --graph")
        if "tasks" not in doc:
            raise ToolError(f"nx run-many --graph: no 'tasks' in {sorted(doc)}")
        return normalize_tasks(doc["tasks"], "nx task graph")


def read_json_file(path, what):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as e:
        raise ToolError(f"{what}: cannot read {path}: {e}")


# --- Strata -----------------------------------------------------------------


class Strata:
    def __init__(self, binary, workspace):
        self.binary = binary
        self.workspace = workspace
        self.env = dict(os.environ, **COMMON_ENV)

    def _json(self, args):
        what = "strata " + " ".join(args)
        out = run_tool([str(self.binary), *args], self.workspace, self.env, what)
        return parse_json(out, what)

    def projects(self, extra=()):
        doc = self._json(["show", "projects", *extra, "--json"])
        if not isinstance(doc, list) or not all(isinstance(n, str) for n in doc):
            raise ToolError(f"strata show projects --json: expected an array of names, got {tail(json.dumps(doc), 300)}")
        return set(doc)

    def affected_files(self, files):
        return self.projects(["--affected", "--files", ",".join(files)])

    def affected_range(self, base, head):
        return self.projects(["--affected", "--base", base, "--head", head])

    def graph(self):
        doc = self._json(["graph", "--json"])
        graph = normalize_graph(doc, "strata graph --json")
        # Strata lists its cycles beside Nx's shape; they must be Nx's.
        graph["cycles"] = {tuple(c.get("projects", [])) for c in doc.get("cycles", [])}
        return graph

    def tasks(self, targets):
        doc = self._json(["run-many", "-t", *targets, "--dry-run", "--json"])
        return normalize_tasks(doc, "strata run-many --dry-run --json")


# --- shapes -----------------------------------------------------------------


def normalize_graph(doc, what):
    """Nx's graph JSON {"graph": {"nodes": {name: {data: {root, targets}}},
    "dependencies": {name: [{source, target, type}]}}} to plain sets. Edges to
    nodes that are not projects (npm: packages) are left out."""
    try:
        graph = doc["graph"]
        nodes = graph["nodes"]
        roots = {name: node.get("data", {}).get("root") for name, node in nodes.items()}
        targets = {name: set(node.get("data", {}).get("targets", {}) or {})
                   for name, node in nodes.items()}
        edges = {}
        for deps in graph["dependencies"].values():
            for dep in deps:
                if dep["target"] in nodes and dep["source"] in nodes:
                    edges.setdefault((dep["source"], dep["target"]), set()).add(dep.get("type"))
    except (KeyError, TypeError, AttributeError) as e:
        raise ToolError(f"{what}: not the graph JSON shape ({e!r}): {tail(json.dumps(doc), 600)}")
    return {"nodes": set(nodes), "roots": roots, "targets": targets, "edges": edges,
            "cycles": cycles_of(set(nodes), set(edges))}


def cycles_of(nodes, edges):
    """The graph's cycles: each set of projects that all reach each other
    (two or more), as a sorted tuple. Quadratic, which is fine for fixtures."""
    reach = {}
    for node in nodes:
        seen, todo = set(), [node]
        while todo:
            current = todo.pop()
            for source, target in edges:
                if source == current and target not in seen:
                    seen.add(target)
                    todo.append(target)
        reach[node] = seen
    return {tuple(sorted(m for m in nodes if m == n or (m in reach[n] and n in reach[m])))
            for n in nodes if n in reach[n]}


def normalize_tasks(doc, what):
    """Task graph to {task id: set of dependency ids}. Accepts the shape
    Strata prints, {"tasks": [{"id", "project", "target", "deps": [ids]}]},
    and Nx's, {"tasks": {id: {...}}, "dependencies": {id: [id | {"id"}]}}."""
    try:
        if isinstance(doc.get("tasks"), list):
            result = {}
            for task in doc["tasks"]:
                task_id = task["id"]
                expected = f"{task['project']}:{task['target']}"
                if task_id != expected and not task_id.startswith(expected + ":"):
                    raise ToolError(f"{what}: task id {task_id!r} is not {expected!r}[:configuration]")
                result[task_id] = {dep_id(d) for d in task.get("deps", [])}
            return result
        deps = doc.get("dependencies", {})
        return {task_id: {dep_id(d) for d in deps.get(task_id, [])} for task_id in doc["tasks"]}
    except (KeyError, TypeError, AttributeError) as e:
        raise ToolError(f"{what}: not a task graph ({e!r}): {tail(json.dumps(doc), 600)}")


def dep_id(dep):
    return dep["id"] if isinstance(dep, dict) else dep


# --- diffs ------------------------------------------------------------------


def diff_sets(nx_value, strata_value, show=str):
    lines = []
    only_nx = sorted(nx_value - strata_value)
    only_strata = sorted(strata_value - nx_value)
    if only_nx:
        lines.append("only in nx:     " + ", ".join(map(show, only_nx)))
    if only_strata:
        lines.append("only in strata: " + ", ".join(map(show, only_strata)))
    return lines


def diff_maps(nx_value, strata_value, render):
    """Differences of the values under keys both dicts have (missing keys
    are the business of the node or edge set checks)."""
    lines = []
    for key in sorted(nx_value.keys() & strata_value.keys()):
        if nx_value[key] != strata_value[key]:
            lines.append(render(key, nx_value[key], strata_value[key]))
    return lines


def show_edge(edge):
    return f"{edge[0]} -> {edge[1]}"


def diff_tasks(nx_value, strata_value):
    lines = diff_sets(set(nx_value), set(strata_value))
    for task_id in sorted(nx_value.keys() & strata_value.keys()):
        nx_deps, strata_deps = nx_value[task_id], strata_value[task_id]
        if nx_deps != strata_deps:
            lines.append(f"{task_id} depends on:")
            lines.extend("  " + line for line in diff_sets(nx_deps, strata_deps))
    return lines


def diff_edge_types(nx_edges, strata_edges):
    return diff_maps(nx_edges, strata_edges,
                     lambda e, n, s: f"{show_edge(e)}: nx type {sorted(n)}, strata type {sorted(s)}")


# --- fixtures ---------------------------------------------------------------


def prepare_workspace(fixture, workspace):
    shutil.copytree(fixture, workspace, ignore=shutil.ignore_patterns(CASES_FILE, "node_modules"))
    modules = workspace / "node_modules"
    modules.mkdir()
    for package in LINKED_PACKAGES:
        (modules / package).symlink_to(NODE_MODULES / package, target_is_directory=True)
    git(workspace, "init", "-q")
    # The tools' own state must never reach a commit of the fixture.
    (workspace / ".git" / "info").mkdir(exist_ok=True)
    with open(workspace / ".git" / "info" / "exclude", "a") as exclude:
        exclude.write(".strata/\n.nx/\n")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "fixture")


def git(workspace, *args):
    proc = subprocess.run([*GIT, *args], cwd=workspace, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"git {' '.join(args)} failed in {workspace}: {proc.stderr.strip()}")
    return proc.stdout


def attempt(fn, *args):
    try:
        return fn(*args)
    except ToolError as e:
        return e


def check_fixture(name, strata_binary, tmp, results):
    fixture = FIXTURES / name
    cases = json.loads((fixture / CASES_FILE).read_text())
    workspace = tmp / name / "workspace"
    data_dir = tmp / name / "nx"
    data_dir.mkdir(parents=True)
    prepare_workspace(fixture, workspace)
    nx = Nx(workspace, data_dir)
    strata = Strata(strata_binary, workspace)

    results.check(f"{name}: show projects", attempt(nx.projects), attempt(strata.projects), diff_sets)

    nx_graph, strata_graph = attempt(nx.graph), attempt(strata.graph)
    for label, key, diff in (
        ("graph nodes", "nodes", diff_sets),
        ("project roots", "roots",
         lambda n, s: diff_maps(n, s, lambda p, a, b: f"{p}: nx root {a!r}, strata root {b!r}")),
        ("project targets", "targets",
         lambda n, s: diff_maps(n, s, lambda p, a, b: f"{p}: " + "; ".join(diff_sets(a, b)))),
        ("graph edges", "edges", lambda n, s: diff_sets(set(n), set(s), show_edge)),
        ("edge types", "edges", diff_edge_types),
        ("graph cycles", "cycles", lambda n, s: diff_sets(n, s, " ".join)),
    ):
        results.check(f"{name}: {label}", pick(nx_graph, key), pick(strata_graph, key), diff)

    for targets in cases.get("targets", []):
        results.check(f"{name}: task graph -t {' '.join(targets)}",
                      attempt(nx.tasks, targets), attempt(strata.tasks, targets), diff_tasks)

    for files in cases.get("affected_files", []):
        results.check(f"{name}: affected --files {','.join(files)}",
                      attempt(nx.affected_files, files), attempt(strata.affected_files, files),
                      diff_sets)

    for change in cases.get("affected_commits", []):
        apply_commit(workspace, change)
        results.check(f"{name}: affected --base {BASE_BRANCH} --head HEAD ({change['name']})",
                      attempt(nx.affected_range, BASE_BRANCH, "HEAD"),
                      attempt(strata.affected_range, BASE_BRANCH, "HEAD"), diff_sets)
        git(workspace, "checkout", "-q", BASE_BRANCH)


def pick(graph, key):
    return graph if isinstance(graph, ToolError) else graph[key]


def apply_commit(workspace, change):
    """Commits `change` on a fresh branch off the base: files to write and
    files to delete, so affected is computed from a real git range."""
    git(workspace, "checkout", "-q", "-B", "conformance-change", BASE_BRANCH)
    for path, content in change.get("write", {}).items():
        target = workspace / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    for path in change.get("delete", []):
        (workspace / path).unlink()
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", change["name"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--strata", required=True, help="the strata binary to test")
    parser.add_argument("--fixture", action="append", default=[],
                        help="run only this fixture (repeatable)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary workspaces")
    args = parser.parse_args()

    strata_binary = Path(args.strata).resolve()
    for package in LINKED_PACKAGES:
        if not (NODE_MODULES / package / "package.json").is_file():
            print(f"conformance: {NODE_MODULES / package} is missing; run scripts/install-test-deps",
                  file=sys.stderr)
            return 2
    available = sorted(p.name for p in FIXTURES.iterdir() if (p / CASES_FILE).is_file())
    unknown = [f for f in args.fixture if f not in available]
    if unknown:
        print(f"conformance: unknown fixture(s) {', '.join(unknown)}; have {', '.join(available)}",
              file=sys.stderr)
        return 2

    results = Results()
    tmp = Path(tempfile.mkdtemp(prefix="strata-conformance."))
    try:
        for name in args.fixture or available:
            print(f"== {name}")
            check_fixture(name, strata_binary, tmp, results)
    finally:
        if args.keep:
            print(f"workspaces kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{results.passed} passed, {results.failed} failed")
    return 1 if results.failed else 0


if __name__ == "__main__":
    sys.exit(main())
