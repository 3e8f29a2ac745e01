#!/usr/bin/env python3
"""Writes the Python repository the boundary benchmark checks.

CONTEXTS bounded contexts x 4 layers (domain, application, infrastructure,
api), each layer one project with one top-level package `<ctx>_<layer>`
holding `__init__.py` and FILES-1 modules: 25 x 4 x 50 = 5,000 files by
default. Every module imports a few standard-library modules, lower-numbered
modules of its own package, and what its layer may use: application imports
its domain and api, infrastructure imports all three, and application and
infrastructure call other contexts through their api (only contexts with a
lower number, so the legal graph has no cycles).

Then --violations deliberate breaks, of every kind: a lower layer importing
a higher one, api importing domain, a context importing another past its
api, domain or api importing another context's api. Each is written into a
module nothing imports (m040 and above) and points at a module that imports
nothing of the workspace (m000..m004), so every break is one direct import
and no tool can find it a second time through a longer chain.

Writes, beside the code, the same rules for the three tools:
strata.json (`boundaries`), .importlinter (layers + forbidden contracts)
and tach.toml (modules with depends_on). Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
from pathlib import Path

LAYERS = ["domain", "application", "infrastructure", "api"]
ALLOWED = {"domain": [], "api": [], "application": ["domain", "api"],
           "infrastructure": ["domain", "application", "api"]}
STDLIB = ["typing", "dataclasses", "datetime", "decimal", "enum", "uuid", "json",
          "functools", "itertools", "collections", "logging", "abc"]
LEAVES = 5          # m000..m004 import nothing of the workspace
FIRST_SINK = 40     # m040 and above are imported by nobody

# (kind, source layer, target layer, same context?)
KINDS = [
    ("layer", "domain", "application", True),
    ("layer", "domain", "infrastructure", True),
    ("layer", "api", "domain", True),
    ("layer", "api", "application", True),
    ("layer", "application", "infrastructure", True),
    ("layer", "domain", "api", False),
    ("layer", "api", "api", False),
    ("public-layer", "application", "domain", False),
    ("public-layer", "infrastructure", "application", False),
    ("public-layer", "infrastructure", "infrastructure", False),
]


def pkg(ctx: int, layer: str) -> str:
    return f"ctx{ctx:02d}_{layer}"


def module(ctx: int, layer: str, m: int) -> str:
    return f"{pkg(ctx, layer)}.m{m:03d}"


def project_dir(ctx: int, layer: str) -> str:
    return f"contexts/ctx{ctx:02d}/{layer}"


class Repo:
    def __init__(self, args: argparse.Namespace):
        self.a = args
        self.rng = random.Random(args.seed)
        self.files: dict[str, list[str]] = {}   # module -> import lines
        self.violations: list[dict] = []

    def legal_targets(self, ctx: int, layer: str) -> list[tuple[int, str]]:
        out = [(ctx, lay) for lay in ALLOWED[layer]]
        if layer in ("application", "infrastructure") and ctx > 0:
            for other in self.rng.sample(range(ctx), min(2, ctx)):
                out.append((other, "api"))
        return out

    def imports_of(self, ctx: int, layer: str, m: int) -> list[str]:
        lines = [f"import {s}" for s in self.rng.sample(STDLIB, self.rng.randint(1, 3))]
        if m < LEAVES:
            return lines
        for own in sorted(self.rng.sample(range(min(m, FIRST_SINK)), min(m, FIRST_SINK, 3))):
            lines.append(f"from {module(ctx, layer, own)} import Thing{own:03d}")
        for tctx, tlayer in self.legal_targets(ctx, layer):
            t = self.rng.randrange(FIRST_SINK)
            lines.append(f"from {module(tctx, tlayer, t)} import Thing{t:03d}")
        return lines

    def build(self) -> None:
        for ctx in range(self.a.contexts):
            for layer in LAYERS:
                for m in range(self.a.files - 1):
                    self.files[module(ctx, layer, m)] = self.imports_of(ctx, layer, m)
        self.add_violations()

    def add_violations(self) -> None:
        sinks = list(range(FIRST_SINK, self.a.files - 1))
        for i in range(self.a.violations):
            kind, src_layer, dst_layer, same = KINDS[i % len(KINDS)]
            ctx = self.rng.randrange(self.a.contexts)
            dst_ctx = ctx if same else self.rng.choice([c for c in range(self.a.contexts) if c != ctx])
            src = module(ctx, src_layer, self.rng.choice(sinks))
            dst = module(dst_ctx, dst_layer, self.rng.randrange(LEAVES))
            lines = self.files[src]
            lines.append(f"from {dst} import Thing{int(dst[-3:]):03d}")
            self.violations.append({"kind": kind, "importer": src, "imported": dst,
                                    "line": 3 + len(lines) - 1})

    def source(self, mod: str) -> str:
        m = int(mod[-3:])
        body = [f'"""Module {mod}."""', ""] + self.files[mod] + ["", "",
                f"class Thing{m:03d}:", f'    """A value of {mod}."""', "",
                "    def describe(self) -> str:", f'        return "{mod}"', ""]
        return "\n".join(body)

    def write(self, out: Path) -> None:
        if out.exists():
            shutil.rmtree(out)
        for ctx in range(self.a.contexts):
            for layer in LAYERS:
                d = out / project_dir(ctx, layer)
                (d / pkg(ctx, layer)).mkdir(parents=True)
                (d / pkg(ctx, layer) / "__init__.py").write_text("")
                tags = [f"context:ctx{ctx:02d}", f"layer:{layer}", "lang:python"]
                (d / "project.json").write_text(json.dumps(
                    {"name": f"ctx{ctx:02d}-{layer}", "tags": tags}, indent=2) + "\n")
        for mod in self.files:
            p, name = mod.split(".")
            ctx, layer = int(p[3:5]), p[6:]
            (out / project_dir(ctx, layer) / p / f"{name}.py").write_text(self.source(mod))
        self.write_configs(out)

    def write_configs(self, out: Path) -> None:
        n = self.a.contexts
        (out / "strata.json").write_text(json.dumps({"boundaries": {
            "layers": ALLOWED, "publicLayer": "api", "bannedExternals": {}, "depConstraints": []}},
            indent=2) + "\n")
        il = ["[importlinter]", "root_packages ="]
        il += [f"    {pkg(c, lay)}" for c in range(n) for lay in LAYERS]
        for c in range(n):
            others = [o for o in range(n) if o != c]
            il += ["", f"[importlinter:contract:ctx{c:02d}-layers]", f"name = ctx{c:02d} layers",
                   "type = layers", "layers =", f"    {pkg(c, 'infrastructure')}",
                   f"    {pkg(c, 'application')}", f"    {pkg(c, 'domain')} | {pkg(c, 'api')}"]
            il += ["", f"[importlinter:contract:ctx{c:02d}-through-api]",
                   f"name = ctx{c:02d} reaches other contexts only through their api",
                   "type = forbidden", "allow_indirect_imports = True", "source_modules ="]
            il += [f"    {pkg(c, lay)}" for lay in LAYERS]
            il += ["forbidden_modules ="]
            il += [f"    {pkg(o, lay)}" for o in others for lay in LAYERS if lay != "api"]
            il += ["", f"[importlinter:contract:ctx{c:02d}-inner-layers-stay-home]",
                   f"name = ctx{c:02d} domain and api import no other context",
                   "type = forbidden", "allow_indirect_imports = True", "source_modules ="]
            il += [f"    {pkg(c, 'domain')}", f"    {pkg(c, 'api')}", "forbidden_modules ="]
            il += [f"    {pkg(o, 'api')}" for o in others]
        (out / ".importlinter").write_text("\n".join(il) + "\n")
        tach = ["exclude = []", "source_roots = ["]
        tach += [f'    "{project_dir(c, lay)}",' for c in range(n) for lay in LAYERS]
        tach += ["]", ""]
        for c in range(n):
            for lay in LAYERS:
                deps = [pkg(c, d) for d in ALLOWED[lay]]
                if lay in ("application", "infrastructure"):
                    deps += [pkg(o, "api") for o in range(n) if o != c]
                tach += ["[[modules]]", f'path = "{pkg(c, lay)}"',
                         "depends_on = [" + ", ".join(f'"{d}"' for d in deps) + "]", ""]
        (out / "tach.toml").write_text("\n".join(tach))
        (out / "violations.json").write_text(json.dumps(self.violations, indent=1) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("--contexts", type=int, default=25)
    ap.add_argument("--files", type=int, default=50, help="files per project, __init__.py included")
    ap.add_argument("--violations", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    repo = Repo(args)
    repo.build()
    repo.write(args.out)
    total = sum(1 for _ in args.out.rglob("*.py"))
    print(f"wrote {total} Python files, {args.contexts * 4} projects, "
          f"{len(repo.violations)} deliberate violations to {args.out}")


if __name__ == "__main__":
    main()
