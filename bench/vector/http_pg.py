#!/usr/bin/env python3
"""`vec serve` over PostgreSQL under concurrent HTTP clients: wrk with 1, 2
and 4 keep-alive connections sending the filtered 10 % queries (ef=64),
for each Strata binary given, taking turns, 3 repetitions. Run from the
repository root with bench/vector/.venv/bin/python after run.py has
written bench/work/vector/n60000:

  bench/vector/.venv/bin/python bench/vector/http_pg.py NAME=STRATA [NAME=STRATA ...]
"""
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as R  # noqa: E402
train, train_labels, queries, query_labels, dataset = R.load_data(60000, 500)
work = R.ROOT / "bench/work/vector/n60000"
bins = dict(a.split("=", 1) for a in sys.argv[1:]) or {"strata": str(R.ROOT / "build/strata")}
url = R.start_pg(work)
try:
    R.strata_load(list(bins.values())[-1], url, work / "train-v2.jsonl", extra=["--defer-index"])
    want = (query_labels + 1) % 10
    bodies = [json.dumps({"embedding": q.astype(int).tolist(), "k": R.K, "ef": 64, "where": {"label": int(w)}})
              for q, w in zip(queries, want)]
    res = {}
    for rep in range(3):
        for name, b in bins.items():
            p, host, port = R.start_serve(b, url)
            try:
                for c in (1, 2, 4):
                    res.setdefault((name, c), []).append(R.http_wrk(host, port, bodies, c, seconds=4))
            finally:
                p.terminate()
                p.wait()
        print("rep", rep + 1, "load", R.loadavg(), flush=True)
    for k, v in res.items():
        print(k, [round(x) for x in v], "median", round(sorted(v)[len(v) // 2]))
finally:
    subprocess.run(["bash", str(R.ROOT / "tests/support/pg_server"), "stop", url], capture_output=True)
