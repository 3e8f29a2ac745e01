"""`bench/run remote`: a build restored from the shared remote cache, side by side
with the local cache and a cold build, on the generated bench workspace.

The remote is the real nginx WebDAV server of the end-to-end tests
(tests/support/dav_server) on 127.0.0.1, storing under bench/work/. Four
rows per workspace size, each `strata run-many -t build` timed --reps times
(the rows take turns inside each repetition, so drifting machine load
spreads over all of them):

  cold          no .strata, no outputs, no remote: every task runs
  local cached  .strata and outputs as the last build left them
  local restore outputs deleted, restored from the local cache
  remote        no .strata, no outputs (a fresh CI checkout): every task
                restored from the remote cache, verified and written locally
  remote warm   outputs and the local cache deleted, the rest of .strata
                kept (file hashes, workspace snapshot): the remote's own
                share of the remote row

Every sample must exit 0; the cached rows must report every task from the
cache and the restore rows must leave every output on disk.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import time
from pathlib import Path
from types import ModuleType

ROWS = ["cold", "local cached", "local restore", "remote", "remote warm"]


def start_dav(repo: Path, store: Path) -> tuple[int, Path]:
    dav = repo / "tests" / "support" / "dav_server"
    port = subprocess.run([str(dav), "start", str(store)], check=True, capture_output=True,
                          text=True).stdout.strip()
    return int(port), dav


def prepare(row: str, ws, strata_dir: Path) -> None:
    if row in ("cold", "remote"):
        shutil.rmtree(strata_dir, ignore_errors=True)
    if row == "remote warm":
        shutil.rmtree(strata_dir / "cache", ignore_errors=True)
    if row != "local cached":
        ws.remove_outputs()


def check(row: str, counts, ws, n_tasks: int) -> str:
    if counts.total != n_tasks:
        return f"ran {counts.total} tasks, expected {n_tasks}"
    cached = 0 if row == "cold" else n_tasks
    if counts.cached != cached:
        return f"{counts.cached} from cache, expected {cached}"
    if ws.outputs_present() != n_tasks:
        return f"{ws.outputs_present()} outputs on disk, expected {n_tasks}"
    return "ok"


def bench_size(run: ModuleType, strata: Path, n: int, args, env: dict[str, str],
               logs: Path) -> list[dict]:
    root = run.workspace_for(n, args.files, args.seed, False)
    ws = run.Workspace.load(root)
    strata_dir = root / ".strata"
    argv = [str(strata), "run-many", "-t", "build", "--parallel", str(args.jobs)]
    local_env = {k: v for k, v in env.items() if not k.startswith("STRATA_REMOTE_CACHE_URL")}
    # Untimed: a full build with the remote configured fills it (uploads
    # finish before strata exits) and leaves the local cache warm.
    shutil.rmtree(strata_dir, ignore_errors=True)
    ws.remove_outputs()
    first = run.measure(argv, root, env, logs / f"{n}-fill.log")
    if first.rc != 0:
        raise SystemExit(f"bench/run remote: the filling build failed, see {logs}/{n}-fill.log")
    n_tasks = len(ws.projects)
    rows = [r for r in ROWS if r in args.rows]
    samples: dict[str, list] = {row: [] for row in rows}
    for rep in range(args.reps):
        # Cold last: it leaves the local cache warm for the next repetition's
        # cached rows, which then need no untimed build of their own.
        for row in sorted(rows, key=lambda r: r == "cold"):
            if row == "local cached" and not (strata_dir / "cache").exists():
                quiet = run.measure(argv, root, local_env, logs / f"{n}-rewarm-{rep}.log")
                if quiet.rc != 0:
                    raise SystemExit(f"bench/run remote: a rebuild failed, see {logs}")
            prepare(row, ws, strata_dir)
            s = run.measure(argv, root, env if row.startswith("remote") else local_env,
                            logs / f"{n}-{row.replace(' ', '-')}-{rep}.log")
            verdict = check(row, run.parse_strata(s.output), ws, n_tasks) if s.rc == 0 \
                else f"exit {s.rc}"
            samples[row].append((s, verdict))
            print(f"  [{n} projects] {row:14} rep {rep + 1}/{args.reps}: {s.wall_s:7.3f} s "
                  f"{verdict}", flush=True)
    out = []
    for row in rows:
        walls = [s.wall_s for s, _ in samples[row]]
        verdicts = sorted({v for _, v in samples[row]})
        out.append({"projects": n, "row": row, "wall_s": [round(w, 4) for w in walls],
                    "median_s": round(statistics.median(walls), 4),
                    "cpu_s": [round(s.cpu_s, 4) for s, _ in samples[row]],
                    "check": "ok" if verdicts == ["ok"] else "; ".join(verdicts)})
    return out


def table(rows: list[dict]) -> str:
    lines = ["| projects | run | median | min-max | vs local cached | CPU (user+sys) | check |",
             "|---|---|---|---|---|---|---|"]
    base = {r["projects"]: r["median_s"] for r in rows if r["row"] == "local cached"}
    for r in rows:
        b = base.get(r["projects"])
        ratio = f"{r['median_s'] / b:.1f}x" if b else "-"
        lines.append(f"| {r['projects']} | {r['row']} | {r['median_s']:.3f} s | "
                     f"{min(r['wall_s']):.3f}-{max(r['wall_s']):.3f} s | {ratio} | "
                     f"{statistics.median(r['cpu_s']):.2f} s | {r['check']} |")
    return "\n".join(lines)


def main(argv: list[str], run: ModuleType) -> int:
    ap = argparse.ArgumentParser(prog="bench/run remote", description=__doc__.split("\n\n")[0])
    ap.add_argument("--projects", default="100,1000", help="workspace sizes (default 100,1000)")
    ap.add_argument("--files", type=int, default=12)
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--rows", default=",".join(ROWS),
                    help=f"comma-separated subset of: {', '.join(ROWS)}")
    ap.add_argument("--strata", help="strata binary (default: $STRATA, else newest build*/strata)")
    args = ap.parse_args(argv)
    args.rows = [r.strip() for r in args.rows.split(",") if r.strip()]
    if unknown := [r for r in args.rows if r not in ROWS]:
        ap.error(f"unknown rows {unknown}; choose from {ROWS}")
    strata = run.find_strata(args.strata)
    if not strata:
        raise SystemExit("bench/run remote: no strata binary (make build)")

    stamp = time.strftime("%Y%m%d-%H%M%S")
    machine = run.machine()  # its load average is the one at the start
    results = run.BENCH / "results"
    logs = results / f"{stamp}-logs-remote"
    logs.mkdir(parents=True, exist_ok=True)
    store = run.BENCH / "work" / "remote-dav"
    shutil.rmtree(store, ignore_errors=True)
    port, dav = start_dav(run.REPO, store)
    env = {"STRATA_REMOTE_CACHE_URL": f"http://127.0.0.1:{port}",
           "STRATA_REMOTE_CACHE_KEY": "bench-remote-key", "STRATA_METRICS": "0",
           "NO_COLOR": "1", "CI": "true"}
    rows: list[dict] = []
    try:
        for n in [int(x) for x in args.projects.split(",") if x]:
            rows += bench_size(run, strata, n, args, env, logs)
    finally:
        subprocess.run([str(dav), "stop", str(store)], check=False)
    report = {"machine": machine, "strata": str(strata), "reps": args.reps,
              "jobs": args.jobs, "rows": rows,
              "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]}
    (results / f"{stamp}-remote.json").write_text(json.dumps(report, indent=2) + "\n")
    md = f"machine: {report['machine']}\n\n{table(rows)}\n"
    (results / f"{stamp}-remote.md").write_text(md)
    print(md)
    print(f"results: bench/results/{stamp}-remote.json, bench/results/{stamp}-remote.md")
    return 0 if all(r["check"] == "ok" for r in rows) else 1
