#!/usr/bin/env python3
"""Batching sweep for `strata serve`: max batch size x queue delay x client
concurrency on one TorchScript MLP (4 -> 8 -> 3), 1-row KServe v2 JSON
requests over keep-alive, load from Debian's wrk (bench/serve/post.lua).

Every setting is measured --reps times (the reps of one setting run back to
back against one server); the table shows the median throughput and the
median p50/p99 latency with their min-max spread, and the plot (a
self-contained SVG) puts each setting at (median throughput, median p99)
with bars spanning the spread of both.

Then the server-side figure at a fixed 1,000 requests/s (bench/serve/rate.py
for the load, the server's own request histogram for p50/p99, see
server_quantiles.py), for the unbatched server and one batched setting,
with the machine's load average beside it.

Usage: bench/serve/sweep.py [--strata build/strata] [--reps 3] [--seconds 2]
         [--batch 0,8,32] [--delay-us 100,500] [--concurrency 1,8,32]
         [--out bench/serve/sweep]
Writes OUT.json (every measurement), OUT.svg (the plot) and OUT.md (the
table); needs the test venv of scripts/install-test-deps for the model.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
MODELS_PY = Path.home() / ".cache/strata-test/serve-venv/bin/python"
BODY = '{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[0.1,0.2,0.3,0.4]}]}'
RESULT = re.compile(r"RESULT rps=(\d+) p50_us=(\d+) p99_us=(\d+) non2xx=(\d+)")


def ints(text: str) -> list[int]:
    return [int(v) for v in text.split(",") if v]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


class Server:
    """One `strata serve mlp:1` on a free loopback port, stopped by its PID."""

    def __init__(self, strata: str, repo: Path, batch: int, delay_us: int) -> None:
        flags = [] if batch == 0 else ["--max-batch-size", str(batch), "--max-queue-delay-us", str(delay_us)]
        self.proc = subprocess.Popen(
            [strata, "serve", "mlp:1", "--repository", str(repo), "--port", "0", "--json", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        self.url = json.loads(line)["url"]
        self.port = int(self.url.rsplit(":", 1)[1])
        for _ in range(300):
            try:
                urllib.request.urlopen(self.url + "/v2/health/ready", timeout=1).read()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("strata serve did not become ready")

    def metrics(self) -> str:
        return urllib.request.urlopen(self.url + "/metrics", timeout=5).read().decode()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def wrk(port: int, concurrency: int, seconds: int, body: Path) -> dict[str, int]:
    env = dict(os.environ, BODY_FILE=str(body), REQ_PATH="/v2/models/mlp/infer")
    out = subprocess.run(
        ["wrk", f"-t{min(2, concurrency)}", f"-c{concurrency}", f"-d{seconds}s", "-s", str(HERE / "post.lua"),
         f"http://127.0.0.1:{port}"], env=env, capture_output=True, text=True, check=True).stdout
    rps, p50, p99, errors = (int(v) for v in RESULT.search(out).groups())
    return {"rps": rps, "p50_us": p50, "p99_us": p99, "errors": errors}


def summary(runs: list[dict[str, int]], key: str) -> dict[str, float]:
    values = [r[key] for r in runs]
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def sweep(args: argparse.Namespace, repo: Path, body: Path) -> list[dict]:
    settings = [(0, 0)] + [(b, d) for b in args.batch if b > 0 for d in args.delay_us]
    rows = []
    for batch, delay in settings:
        server = Server(args.strata, repo, batch, delay)
        try:
            for c in args.concurrency:
                wrk(server.port, c, 1, body)  # warm-up, not counted
                runs = [wrk(server.port, c, args.seconds, body) for _ in range(args.reps)]
                row = {"batch": batch, "delay_us": delay, "concurrency": c, "runs": runs,
                       "load": load_average(), **{k: summary(runs, k) for k in ("rps", "p50_us", "p99_us")}}
                rows.append(row)
                print(f"batch={batch} delay={delay}us c={c}: {row['rps']['median']:.0f} req/s, "
                      f"p99 {row['p99_us']['median'] / 1000:.2f} ms (load {row['load']})", file=sys.stderr)
        finally:
            server.stop()
    return rows


def fixed_rate(args: argparse.Namespace, repo: Path, body: Path, batch: int, delay: int) -> dict:
    """Server-side p50/p99 at 1,000 req/s, from the server's own histogram."""
    server = Server(args.strata, repo, batch, delay)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            before, after = Path(tmp, "before"), Path(tmp, "after")
            load_before = load_average()
            before.write_text(server.metrics())
            client = subprocess.run([sys.executable, str(HERE / "rate.py"), "127.0.0.1", str(server.port),
                                     "/v2/models/mlp/infer", str(body), "1000", str(args.rate_seconds)],
                                    capture_output=True, text=True, check=True).stdout
            after.write_text(server.metrics())
            side = subprocess.run([sys.executable, str(HERE / "server_quantiles.py"), str(before), str(after)],
                                  capture_output=True, text=True, check=True).stdout
    finally:
        server.stop()
    return {"batch": batch, "delay_us": delay, "client": json.loads(client), "server": json.loads(side),
            "load_before": load_before, "load_after": load_average()}


def label(row: dict) -> str:
    return "no batching" if row["batch"] == 0 else f"batch {row['batch']}, {row['delay_us']} µs"


def table(rows: list[dict], rates: list[dict]) -> str:
    def spread(s: dict, scale: float, fmt: str) -> str:
        return f"{s['median'] / scale:{fmt}} ({s['min'] / scale:{fmt}}-{s['max'] / scale:{fmt}})"

    out = ["| setting | clients | req/s median (min-max) | p50 ms | p99 ms | load avg |", "|---|---|---|---|---|---|"]
    for r in rows:
        out.append(f"| {label(r)} | {r['concurrency']} | {spread(r['rps'], 1, ',.0f')} | "
                   f"{spread(r['p50_us'], 1000, '.2f')} | {spread(r['p99_us'], 1000, '.2f')} | {r['load']} |")
    out += ["", "| 1,000 req/s | server p50 / p99 | client p50 / p99 | requests | load avg before / after |",
            "|---|---|---|---|---|"]
    for r in rates:
        s, c = r["server"], r["client"]
        out.append(f"| {label(r)} | {s['p50_us']} µs / {s['p99_us']} µs | {c['p50_us']} µs / {c['p99_us']} µs | "
                   f"{s['requests']} | {r['load_before']} / {r['load_after']} |")
    return "\n".join(out) + "\n"


COLOURS = ["#222222", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2"]


def svg(rows: list[dict], title: str) -> str:
    """Throughput (x) against p99 latency (y, log scale), one colour per
    server setting, the client count written beside each point."""
    import math

    w, h, left, right, top, bottom = 760, 480, 70, 200, 40, 50
    xmax = max(r["rps"]["max"] for r in rows) * 1.08
    ys = [r["p99_us"][k] / 1000 for r in rows for k in ("min", "max")]
    ylo, yhi = math.log10(max(min(ys), 0.01)) - 0.1, math.log10(max(ys)) + 0.1
    px = lambda v: left + (w - left - right) * v / xmax  # noqa: E731
    py = lambda ms: top + (h - top - bottom) * (1 - (math.log10(max(ms, 0.01)) - ylo) / (yhi - ylo))  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
             f'<rect width="{w}" height="{h}" fill="white"/>',
             f'<text x="{left}" y="22" font-size="13">{title}</text>',
             f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="black"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="black"/>',
             f'<text x="{(left + w - right) / 2}" y="{h - 12}" text-anchor="middle">throughput (requests/s, median)</text>',
             f'<text x="16" y="{(top + h - bottom) / 2}" transform="rotate(-90 16 {(top + h - bottom) / 2})" '
             f'text-anchor="middle">p99 latency (ms, log scale)</text>']
    base = 10 ** math.floor(math.log10(xmax / 8))
    step = next(m * base for m in (1, 2, 5, 10) if xmax / (m * base) <= 8)  # at most 8 ticks
    x = 0.0
    while x <= xmax:
        parts.append(f'<line x1="{px(x):.1f}" y1="{h - bottom}" x2="{px(x):.1f}" y2="{h - bottom + 4}" stroke="black"/>'
                     f'<text x="{px(x):.1f}" y="{h - bottom + 16}" text-anchor="middle">{x:,.0f}</text>')
        x += step
    for e in range(math.floor(ylo), math.ceil(yhi) + 1):
        for m in (1, 2, 5):
            ms = m * 10 ** e
            if ylo <= math.log10(ms) <= yhi:
                parts.append(f'<line x1="{left}" y1="{py(ms):.1f}" x2="{w - right}" y2="{py(ms):.1f}" stroke="#ddd"/>'
                             f'<text x="{left - 6}" y="{py(ms) + 4:.1f}" text-anchor="end">{ms:g}</text>')
    settings = list(dict.fromkeys(label(r) for r in rows))
    for i, name in enumerate(settings):
        colour = COLOURS[i % len(COLOURS)]
        mine = [r for r in rows if label(r) == name]
        points = " ".join(f"{px(r['rps']['median']):.1f},{py(r['p99_us']['median'] / 1000):.1f}" for r in mine)
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-opacity="0.5"/>')
        for r in mine:
            cx, cy = px(r["rps"]["median"]), py(r["p99_us"]["median"] / 1000)
            parts.append(f'<line x1="{px(r["rps"]["min"]):.1f}" y1="{cy:.1f}" x2="{px(r["rps"]["max"]):.1f}" '
                         f'y2="{cy:.1f}" stroke="{colour}"/>'
                         f'<line x1="{cx:.1f}" y1="{py(r["p99_us"]["min"] / 1000):.1f}" x2="{cx:.1f}" '
                         f'y2="{py(r["p99_us"]["max"] / 1000):.1f}" stroke="{colour}"/>'
                         f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}"/>'
                         f'<text x="{cx + 5:.1f}" y="{cy - 5:.1f}" fill="{colour}">c{r["concurrency"]}</text>')
        ly = top + 10 + 18 * i
        parts.append(f'<circle cx="{w - right + 18}" cy="{ly}" r="4" fill="{colour}"/>'
                     f'<text x="{w - right + 28}" y="{ly + 4}">{name}</text>')
    parts.append(f'<text x="{w - right + 12}" y="{top + 24 + 18 * len(settings)}">cN: N concurrent clients</text>')
    parts.append(f'<text x="{w - right + 12}" y="{top + 40 + 18 * len(settings)}">bars: min-max of the reps</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--strata", default=str(ROOT / "build/strata"))
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--seconds", type=int, default=2)  # wrk takes whole seconds
    p.add_argument("--rate-seconds", type=float, default=5)
    p.add_argument("--batch", type=ints, default=[0, 8, 32])
    p.add_argument("--delay-us", type=ints, default=[100, 500])
    p.add_argument("--concurrency", type=ints, default=[1, 8, 32])
    p.add_argument("--out", default=str(HERE / "sweep"))
    p.add_argument("--replot", action="store_true", help="redraw OUT.svg and OUT.md from OUT.json, measuring nothing")
    args = p.parse_args()
    out = Path(args.out)
    if args.replot:
        saved = json.loads(out.with_suffix(".json").read_text())
        write_outputs(out, saved["sweep"], saved["fixed_rate"], saved["title"], saved["errors"])
        return 0
    if not MODELS_PY.exists():
        sys.exit(f"missing {MODELS_PY}: run scripts/install-test-deps")
    with tempfile.TemporaryDirectory(prefix="strata-sweep.") as tmp:
        repo, body = Path(tmp, "repo"), Path(tmp, "v2.json")
        subprocess.run([str(MODELS_PY), str(ROOT / "tests/support/serve/make_models.py"), str(repo)],
                       check=True, capture_output=True)
        body.write_text(BODY)
        rows = sweep(args, repo, body)
        rates = [fixed_rate(args, repo, body, 0, 0), fixed_rate(args, repo, body, 8, 100)]
    errors = sum(run["errors"] for r in rows for run in r["runs"])
    loads = sorted({r["load"] for r in rows})
    title = (f"strata serve, 1-row requests, {args.reps} x {args.seconds:g} s per point; "
             f"2 cores, load avg {loads[0].split()[0]}-{loads[-1].split()[0]}")
    write_outputs(out, rows, rates, title, errors)
    print(f"non-2xx or socket errors: {errors}", file=sys.stderr)
    return 1 if errors else 0


def write_outputs(out: Path, rows: list[dict], rates: list[dict], title: str, errors: int) -> None:
    doc = {"title": title, "sweep": rows, "fixed_rate": rates, "errors": errors}
    out.with_suffix(".json").write_text(json.dumps(doc, indent=1) + "\n")
    out.with_suffix(".svg").write_text(svg(rows, title))
    out.with_suffix(".md").write_text(table(rows, rates))
    print(table(rows, rates))


if __name__ == "__main__":
    sys.exit(main())
