"""The real-repository scenario of bench/run: public monorepos of different
shapes at pinned commits, graph cold and warm and the affected list after a
one-file change, Strata side by side with Nx and Turborepo where they run.

The repositories are cloned from GitHub into bench/work/real/<name> (never
committed); where GitHub cannot be reached, `--repo PATH` points at a local
checkout instead (its HEAD is used and recorded). Nothing is installed in
them but Nx itself, as a workspace that uses Nx has it (install_nx). Each
repository is measured twice: as it is (neither has an nx.json
or a turbo.json, so the peers refuse some commands), and with the least
configuration each peer needs to read it (PEER_CONFIG), written by the
bench beside the checkout's files and hidden from git through
.git/info/exclude, so that no tool counts it as a change.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Two shapes: jest, ~50 packages of a yarn-workspaces monorepo (TypeScript,
# lerna); babel, ~150 packages with a yarn-berry lockfile and many more
# files per package.
PINNED = {
    "jest": ("https://github.com/facebook/jest.git", "fdc74af37235354e077edeeee8aa2d1a4a863032"),
    "babel": ("https://github.com/babel/babel.git", "1da3cfa1a25503c7ecba7304f8738933e6d16dca"),
}
SCENARIOS = ["graph-cold", "graph-warm", "affected-list"]

# What Nx and turbo need to answer every scenario on a package-manager
# workspace without configuration of its own. Nx reads JavaScript imports
# only when told to (or when the root package.json depends on an Nx
# plugin); Strata reads them in such a workspace without being told, so Nx
# is told, and both draw edges from imports and package.json alike. turbo's
# `ls` and `query` need a turbo.json, and turbo draws its edges from
# package.json alone, whatever it says; its build task has no `^build`
# dependency, since babel's packages form cycles and turbo refuses a task
# graph with a cycle even for `query`.
PEER_CONFIG = {
    "nx.json": '{"pluginsConfig": {"@nx/js": {"analyzeSourceFiles": true}}}\n',
    "turbo.json": '{"$schema": "https://turborepo.com/schema.json", "tasks": {"build": {}}}\n',
}


@dataclass
class Repo:
    name: str
    root: Path
    commit: str
    probe_file: Path
    edits: int = 0

    def edit(self) -> None:
        self.edits += 1
        with open(self.probe_file, "a") as f:
            f.write(f"\nexport const benchEdit{self.edits} = {self.edits};\n")

    def reset(self) -> None:
        subprocess.run(["git", "checkout", "--", str(self.probe_file)], cwd=self.root, check=True)

    def add_peer_config(self) -> list[str]:
        """Writes PEER_CONFIG's files the checkout lacks; returns their names."""
        added = [n for n in PEER_CONFIG if not (self.root / n).exists()]
        exclude = self.root / ".git" / "info" / "exclude"
        exclude.parent.mkdir(parents=True, exist_ok=True)
        have = exclude.read_text().splitlines() if exclude.exists() else []
        with open(exclude, "a") as f:
            for name in added + [".nx/", ".turbo/", ".strata/"]:
                if f"/{name}" not in have:
                    f.write(f"/{name}\n")
        for name in added:
            (self.root / name).write_text(PEER_CONFIG[name])
        return added

    def remove_peer_config(self, added: list[str]) -> None:
        for name in added:
            (self.root / name).unlink(missing_ok=True)


def head(root: Path) -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True,
                          check=True).stdout.strip()


def clone(name: str, work: Path) -> Path:
    url, commit = PINNED[name]
    dest = work / "real" / name
    if not (dest / ".git").exists():
        shutil.rmtree(dest, ignore_errors=True)
        dest.parent.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(["git", "clone", "--filter=blob:none", "--no-checkout", url, str(dest)],
                           capture_output=True, text=True, timeout=900)
        if r.returncode != 0:
            raise SystemExit(f"bench: cannot clone {url} ({r.stderr.strip().splitlines()[-1:]}); "
                             f"check it out elsewhere and pass --repo PATH")
    subprocess.run(["git", "checkout", "-q", commit], cwd=dest, check=True)
    return dest


def probe_file(root: Path) -> Path:
    """A source file of a package in the middle of the sorted list."""
    packages = sorted(p for p in (root / "packages").iterdir() if (p / "package.json").exists())
    for pkg in packages[len(packages) // 2:] + packages:
        for ext in ("ts", "js"):
            files = sorted((pkg / "src").glob(f"*.{ext}")) if (pkg / "src").is_dir() else []
            if files:
                return files[0]
    raise SystemExit(f"bench: no packages/*/src/*.ts or .js in {root}")


def local_clone(path: Path, work: Path) -> Path:
    """A clone of a checkout already here, at its HEAD, under bench/work/real.

    Nx looks for its own modules from the workspace upwards; under bench/
    it finds bench/node_modules/nx, as it would find a workspace's own.
    """
    dest = work / "real" / path.name
    commit = head(path)
    if not (dest / ".git").exists():
        dest.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "clone", "-q", "--no-checkout", str(path), str(dest)], check=True)
    else:
        subprocess.run(["git", "fetch", "-q", str(path), commit], cwd=dest, check=True)
    subprocess.run(["git", "checkout", "-q", commit], cwd=dest, check=True)
    return dest


def install_nx(root: Path) -> None:
    """Nx as a workspace has it: node_modules/nx in the checkout (a link to
    the bench's pinned one). Nx takes the highest directory holding
    node_modules/nx, or the nearest nx.json, as the workspace root; without
    this it would take bench/ itself. node_modules is ignored by both
    repositories' .gitignore, so no tool sees a change."""
    link = root / "node_modules" / "nx"
    if not link.exists():
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(Path(__file__).resolve().parent / "node_modules" / "nx")


def repos(paths: list[str], work: Path) -> list[Repo]:
    roots = ([local_clone(Path(p).resolve(), work) for p in paths] if paths
             else [clone(n, work) for n in PINNED])
    for r in roots:
        install_nx(r)
    return [Repo(r.name, r, head(r), probe_file(r)) for r in roots]
