#!/usr/bin/env python3
"""Generates one benchmark workspace that Strata, Nx, Turborepo and moon can
all read at once.

The workspace is deterministic for a given (--projects, --files, --seed):
the same bytes on disk and the same git commit id, so numbers taken on two
machines describe the same input.

Shape:
  packages/pNNNN/           one npm workspace package per project
    package.json            name @bench/pNNNN, deps on its dependencies ("*"),
                            scripts build/test (trivial but real: write dist/)
    moon.yml                the same dependencies and tasks for moon
    src/index.ts            re-exports the project's modules and imports
                            one symbol from every dependency package
    src/modNN.ts            F-1 modules, each importing the previous one
  package.json              workspaces ["packages/*"], packageManager
  package-lock.json         lockfile turbo needs (made by npm, offline)
  nx.json                   targetDefaults build: dependsOn ^build, outputs
  turbo.json                tasks build: dependsOn ^build, outputs dist/**
  .moon/workspace.yml       projects glob, git
  .gitignore                dist, caches of every tool
and a git repository with exactly one commit.

The dependency graph is layered: projects are split into layers, and every
project depends on 0-5 projects from strictly lower layers, so it is a DAG.
About 2% of the projects are hubs (utility libraries) that attract a third
of all edges, which gives the fan-in real monorepos have.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

# Writes dist/out.txt: the smallest build that still starts a process and
# produces an output for the cache to store and restore.
BUILD_SCRIPT = (
    "node -e \"require('fs').mkdirSync('dist',{recursive:true});"
    "require('fs').writeFileSync('dist/out.txt','x')\""
)
TEST_SCRIPT = "node -e \"process.exit(0)\""

NPM_VERSION_FALLBACK = "11.19.1"
MAX_DEPS = 5
HUB_SHARE = 0.02
HUB_EDGE_SHARE = 0.33
# Fixed identity and dates keep the commit id reproducible.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_AUTHOR_DATE": "2024-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2024-01-01T00:00:00Z",
}


def project_name(i: int) -> str:
    return f"p{i:04d}" if i < 10000 else f"p{i:05d}"


def layer_count(n: int) -> int:
    # ~10 layers at 1,000 projects, ~15 at 10,000: a deep but not linear DAG.
    if n <= 1:
        return 1
    return max(2, min(15, round(n ** 0.33)))


def make_dag(n: int, seed: int) -> list[list[int]]:
    """Returns deps[i], the sorted dependency indices of project i.

    Project indices are ordered by layer, so every edge points to a smaller
    index: acyclic by construction."""
    rng = random.Random(seed)
    layers = layer_count(n)
    layer_of = [i * layers // n for i in range(n)]
    first_of_layer = [0] * (layers + 1)
    for layer in range(layers + 1):
        first_of_layer[layer] = next((i for i in range(n) if layer_of[i] >= layer), n)
    hubs = sorted(rng.sample(range(n), max(1, int(n * HUB_SHARE)))) if n > 1 else []
    deps: list[list[int]] = []
    for i in range(n):
        lower_end = first_of_layer[layer_of[i]]  # projects in lower layers: [0, lower_end)
        if lower_end == 0:
            deps.append([])
            continue
        want = rng.randint(0, MAX_DEPS)
        chosen: set[int] = set()
        lower_hubs = [h for h in hubs if h < lower_end]
        for _ in range(want * 4):
            if len(chosen) >= want:
                break
            if lower_hubs and rng.random() < HUB_EDGE_SHARE:
                chosen.add(rng.choice(lower_hubs))
            else:
                # Prefer the layer just below: most edges are short.
                prev_start = first_of_layer[max(0, layer_of[i] - 1)]
                lo = prev_start if rng.random() < 0.6 else 0
                chosen.add(rng.randrange(lo, lower_end))
        deps.append(sorted(chosen))
    return deps


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def module_source(name: str, k: int, rng: random.Random) -> str:
    prev = f'import {{ value{k - 1} }} from "./mod{k - 1:02d}";\n' if k > 1 else ""
    base = f"value{k - 1}" if k > 1 else "0"
    lines = [
        f"// {name}/src/mod{k:02d}.ts",
        prev.rstrip("\n"),
        f"export interface Shape{k} {{ id: number; label: string; weight: number }}",
        f"export const value{k}: number = {base} + {rng.randint(1, 999)};",
        f"export function compute{k}(items: Shape{k}[]): number {{",
        "  let total = 0;",
        "  for (const item of items) total += item.weight * item.id;",
        f"  return total + value{k};",
        "}",
        f'export const label{k} = "{name}-{k}";',
    ]
    return "\n".join(line for line in lines if line) + "\n"


def index_source(name: str, dep_names: list[str], files: int) -> str:
    lines = [f"// {name}/src/index.ts"]
    for d in dep_names:
        lines.append(f'import {{ value as {d}_value }} from "@bench/{d}";')
    for k in range(1, files):
        lines.append(f'export * from "./mod{k:02d}";')
    total = " + ".join([f"{d}_value" for d in dep_names] or ["0"])
    lines.append(f"export const value: number = {total} + {files};")
    lines.append(f'export const name = "@bench/{name}";')
    return "\n".join(lines) + "\n"


def package_json(name: str, dep_names: list[str]) -> str:
    doc = {
        "name": f"@bench/{name}",
        "version": "0.0.0",
        "private": True,
        "main": "src/index.ts",
        "scripts": {"build": BUILD_SCRIPT, "test": TEST_SCRIPT},
        "dependencies": {f"@bench/{d}": "*" for d in dep_names},
    }
    if not dep_names:
        del doc["dependencies"]
    return json.dumps(doc, indent=2) + "\n"


def yaml_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def moon_yml(dep_names: list[str]) -> str:
    out = ["language: 'javascript'", "layer: 'library'"]
    if dep_names:
        out.append("dependsOn:")
        out += [f"  - '{d}'" for d in dep_names]
    else:
        out.append("dependsOn: []")
    out += [
        "tasks:",
        "  build:",
        f"    script: {yaml_str(BUILD_SCRIPT)}",
        "    deps: ['^:build']",
        "    inputs: ['src/**/*', 'package.json']",
        "    outputs: ['dist/**/*']",
        "    toolchains: ['system']",
        "  test:",
        f"    script: {yaml_str(TEST_SCRIPT)}",
        "    inputs: ['src/**/*', 'package.json']",
        "    toolchains: ['system']",
    ]
    return "\n".join(out) + "\n"


def root_files(root: Path, npm_version: str) -> None:
    write(root / "package.json", json.dumps({
        "name": "bench-workspace",
        "version": "0.0.0",
        "private": True,
        "workspaces": ["packages/*"],
        "packageManager": f"npm@{npm_version}",
    }, indent=2) + "\n")
    # Nx hashes a dependency's files only through "^" inputs; "^default"
    # makes a change invalidate the dependents' builds, as turbo and moon do
    # by chaining task hashes, and makes `nx affected -t build` include them.
    write(root / "nx.json", json.dumps({
        "$schema": "./node_modules/nx/schemas/nx-schema.json",
        "namedInputs": {
            "default": ["{projectRoot}/src/**/*", "{projectRoot}/package.json"],
        },
        "targetDefaults": {
            "build": {
                "dependsOn": ["^build"],
                "inputs": ["default", "^default"],
                "outputs": ["{projectRoot}/dist"],
                "cache": True,
            },
            "test": {
                "inputs": ["default"],
                "cache": True,
            },
        },
    }, indent=2) + "\n")
    write(root / "turbo.json", json.dumps({
        "$schema": "https://turborepo.com/schema.json",
        "ui": "stream",
        "tasks": {
            "build": {
                "dependsOn": ["^build"],
                "inputs": ["src/**", "package.json"],
                "outputs": ["dist/**"],
            },
            "test": {
                "inputs": ["src/**", "package.json"],
                "outputs": [],
            },
        },
    }, indent=2) + "\n")
    write(root / ".moon/workspace.yml", "\n".join([
        "projects:",
        "  - 'packages/*'",
        "vcs:",
        "  client: 'git'",
        "  defaultBranch: 'main'",
        "telemetry: false",
        "",
    ]))
    write(root / ".gitignore", "\n".join([
        "node_modules/", "dist/", ".nx/", ".turbo/", ".moon/cache/",
        ".moon/docker/", ".strata/", "",
    ]))


def npm_version() -> str:
    try:
        out = subprocess.run(["npm", "--version"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return NPM_VERSION_FALLBACK


def make_lockfile(root: Path) -> None:
    # Every dependency is a workspace package, so npm resolves the lock
    # without touching the registry; --offline makes sure of it.
    subprocess.run(
        ["npm", "install", "--package-lock-only", "--offline", "--ignore-scripts",
         "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=root, check=True, stdout=subprocess.DEVNULL)


def git_init(root: Path) -> None:
    env = dict(os.environ, **GIT_ENV)
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=root, env=env, check=True,
                       stdout=subprocess.DEVNULL)
    git("init", "-q", "-b", "main")
    git("config", "user.name", GIT_ENV["GIT_AUTHOR_NAME"])
    git("config", "user.email", GIT_ENV["GIT_AUTHOR_EMAIL"])
    git("config", "commit.gpgsign", "false")
    git("add", "-A")
    git("commit", "-q", "-m", "benchmark workspace")


def generate(root: Path, n: int, files: int, seed: int, lockfile: bool) -> dict:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    deps = make_dag(n, seed)
    rng = random.Random(seed + 1)
    for i in range(n):
        name = project_name(i)
        dep_names = [project_name(d) for d in deps[i]]
        pdir = root / "packages" / name
        write(pdir / "package.json", package_json(name, dep_names))
        write(pdir / "moon.yml", moon_yml(dep_names))
        write(pdir / "src/index.ts", index_source(name, dep_names, files))
        for k in range(1, files):
            write(pdir / f"src/mod{k:02d}.ts", module_source(name, k, rng))
    root_files(root, npm_version())
    if lockfile:
        make_lockfile(root)
    git_init(root)
    edges = sum(len(d) for d in deps)
    fan_in = [0] * n
    for d in deps:
        for j in d:
            fan_in[j] += 1
    return {"projects": n, "files_per_project": files, "edges": edges,
            "layers": layer_count(n), "max_fan_in": max(fan_in) if n else 0,
            "seed": seed}


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default="bench/work/ws-1000", help="workspace directory (replaced)")
    ap.add_argument("--projects", "-n", type=int, default=1000)
    ap.add_argument("--files", "-f", type=int, default=12, help="TypeScript files per project")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--no-lockfile", action="store_true",
                    help="skip package-lock.json (turbo then cannot run)")
    args = ap.parse_args(argv)
    if args.projects < 1 or args.files < 1:
        ap.error("--projects and --files must be at least 1")
    stats = generate(Path(args.out).resolve(), args.projects, args.files, args.seed,
                     not args.no_lockfile)
    print(json.dumps(stats))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
