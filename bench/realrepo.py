"""The real-repository scenario of bench/run: public monorepos of different
shapes at pinned commits, graph cold and warm and the affected list after a
one-file change, Strata side by side with Nx and Turborepo where they run.

The repositories are cloned from GitHub into bench/work/real/<name> (never
committed); where GitHub cannot be reached, `--repo PATH` points at a local
checkout instead (its HEAD is used and recorded). Nothing is installed in
them but Nx itself, as a workspace that uses Nx has it (install_nx). Each
repository is measured in the set-ups of CONFIGS: as it is, with the
turbo.json turbo needs, and with every tool drawing edges from package.json
alone; the files a set-up adds are committed on top of the pinned commit, so
that every tool reads them and none counts them as a change.
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

# Each repository is measured in three set-ups, the files a set-up adds
# committed on top of the pinned commit. As is: Strata and
# Nx read it (both draw edges from imports and package.json); turbo's `ls`
# and `query` refuse a workspace without turbo.json. With turbo.json: the
# least turbo needs (its build task has no `^build` dependency, since
# babel's packages form cycles and turbo refuses a task graph with a cycle
# even for `query`); turbo still draws edges from package.json alone.
# package.json edges only: an nx.json telling Nx not to read sources, which
# Strata follows too, so that all three do the same work.
TURBO_JSON = '{"$schema": "https://turborepo.com/schema.json", "tasks": {"build": {}}}\n'
CONFIGS = [
    ("as is", {}),
    ("with turbo.json", {"turbo.json": TURBO_JSON}),
    ("package.json edges only", {
        "turbo.json": TURBO_JSON,
        "nx.json": '{"pluginsConfig": {"@nx/js": {"analyzeSourceFiles": false}}}\n',
    }),
]


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

    def add_config(self, files: dict[str, str]) -> list[str]:
        """Commits the files the checkout lacks on top of the pinned commit
        (a detached HEAD), so that every tool reads them and none counts
        them as a change; returns their names."""
        added = [n for n in files if not (self.root / n).exists()]
        if not added:
            return added
        for name in added:
            (self.root / name).write_text(files[name])
        git = ["git", "-c", "user.name=bench", "-c", "user.email=bench@localhost",
               "-c", "commit.gpgsign=false"]
        subprocess.run(git + ["add", "-f", "--"] + added, cwd=self.root, check=True)
        subprocess.run(git + ["commit", "-q", "--no-verify", "-m", "bench: " + ", ".join(added)],
                       cwd=self.root, check=True)
        return added

    def remove_config(self, added: list[str]) -> None:
        if added:
            subprocess.run(["git", "checkout", "-q", self.commit], cwd=self.root, check=True)


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


def ignore_tool_state(root: Path) -> None:
    """The tools' own state directories, untracked in these checkouts, are
    ignored as a workspace that uses the tools ignores them, so that one
    tool's state is never another's changed file."""
    exclude = root / ".git" / "info" / "exclude"
    exclude.parent.mkdir(parents=True, exist_ok=True)
    have = exclude.read_text().splitlines() if exclude.exists() else []
    with open(exclude, "a") as f:
        for name in ("/.nx/", "/.turbo/", "/.strata/"):
            if name not in have:
                f.write(name + "\n")


def repos(paths: list[str], work: Path) -> list[Repo]:
    roots = ([local_clone(Path(p).resolve(), work) for p in paths] if paths
             else [clone(n, work) for n in PINNED])
    for r in roots:
        install_nx(r)
        ignore_tool_state(r)
    return [Repo(r.name, r, head(r), probe_file(r)) for r in roots]
