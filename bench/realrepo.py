"""The real-repository scenario of bench/run: public monorepos of different
shapes at pinned commits, graph cold and warm and the affected list after a
one-file change, Strata side by side with Nx and Turborepo where they run.

The repositories are cloned from GitHub into bench/work/real/<name> (never
committed); where GitHub cannot be reached, `--repo PATH` points at a local
checkout instead (its HEAD is used and recorded). Nothing is installed in
them: every tool reads the workspace as it is.
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


def repos(paths: list[str], work: Path) -> list[Repo]:
    roots = [Path(p).resolve() for p in paths] if paths else [clone(n, work) for n in PINNED]
    return [Repo(r.name, r, head(r), probe_file(r)) for r in roots]
