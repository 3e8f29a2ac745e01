#!/usr/bin/env python3
"""Strata's query path against hnswlib for one instruction set.

run.py compares with the hnswlib pip built for this CPU. To see what an
AVX2-only machine gets, build hnswlib for AVX2 into another venv and force
Strata's AVX2 kernel; the two take turns, --reps times, on run.py's cached
index and store (run run.py once first):

  python3 -m venv /tmp/hnsw-avx2 && /tmp/hnsw-avx2/bin/pip install numpy==2.4.6 pybind11
  HNSWLIB_NO_NATIVE=1 CFLAGS="-O3 -mavx2 -mfma" CXXFLAGS="-O3 -mavx2 -mfma" \\
    /tmp/hnsw-avx2/bin/pip install --no-binary hnswlib --no-cache-dir hnswlib==0.8.0
  STRATA_VEC_KERNEL=avx2 /tmp/hnsw-avx2/bin/python bench/vector/kernel_compare.py --strata build/strata
"""

import argparse
import importlib.util
import os
import statistics
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("vector_run", HERE / "run.py")
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", default=str(run.ROOT / "build/strata"))
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--efs", default="32,64,128")
    args = ap.parse_args()
    train, _, queries, _, dataset = run.load_data(60000, 1000)
    work = run.ROOT / "bench/work/vector/n60000"
    store = str(work / "strata-store-v2")
    truth = run.exact_knn(train, queries, run.K)
    hnsw = run.open_hnswlib(work, train)
    efs = [int(e) for e in args.efs.split(",")]
    cpu = {}
    recalls = {}
    for rep in range(args.reps):
        for ef in efs:
            labels, _, h = hnsw(queries, ef)
            found, _, _, s = run.strata_query(str(Path(args.strata).resolve()), store, work / "queries.jsonl", ef)
            cpu.setdefault(("hnswlib", ef), []).append(h)
            cpu.setdefault(("strata", ef), []).append(s)
            recalls[ef] = (run.recall(found, truth), run.recall(labels, truth))
    print(f"{dataset}; hnswlib code: {run.hnswlib_isa()}; Strata kernel: {os.environ.get('STRATA_VEC_KERNEL', 'auto')}; "
          f"load {run.loadavg()}; queries per CPU second, median (min-max) of {args.reps}\n")
    print("| ef | Strata recall | Strata per CPU s | hnswlib recall | hnswlib per CPU s | ratio |")
    print("|---|---|---|---|---|---|")
    for ef in efs:
        s, h = cpu[("strata", ef)], cpu[("hnswlib", ef)]
        print(f"| {ef} | {recalls[ef][0]:.4f} | {run.cell(run.spread(s))} | {recalls[ef][1]:.4f} | "
              f"{run.cell(run.spread(h))} | {statistics.median(s) / statistics.median(h):.2f} |")


if __name__ == "__main__":
    main()
