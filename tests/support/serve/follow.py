"""Queries models a running `strata serve` takes from the model registry.

Usage: follow.py HOSTPORT EXPECTED check MODEL...
           each model's served version, binary and JSON, within 1e-5 of
           EXPECTED["MODEL:VERSION"] (the framework's own predictions)
       follow.py HOSTPORT EXPECTED load SECONDS MODEL [VERSION]
           1-row requests from 4 threads for SECONDS (and, given VERSION,
           on until 20 answers came from it, at most 60 s in all, so a slow
           swap on a loaded machine still shows both versions); prints
           {"ok": N, "failed": M, "versions": {...}}
EXPECTED is JSON: {"query": rows, "MODEL:VERSION": predictions, ...}; every
model takes FP32 "input" and answers FP32 "output".
"""
import json
import sys
import threading
import time

import numpy as np
import tritonclient.http as httpclient

URL, EXPECTED_PATH, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
EXPECTED = json.load(open(EXPECTED_PATH))
QUERY = np.array(EXPECTED["query"], dtype=np.float32)


def infer(client, model, rows, binary):
    inp = httpclient.InferInput("input", list(rows.shape), "FP32")
    inp.set_data_from_numpy(rows, binary_data=binary)
    out = httpclient.InferRequestedOutput("output", binary_data=binary)
    result = client.infer(model, [inp], outputs=[out])
    return result.as_numpy("output"), result.get_response()["model_version"]


def check(models):
    client = httpclient.InferenceServerClient(URL)
    failures = 0
    for model in models:
        for binary in (True, False):
            got, version = infer(client, model, QUERY, binary)
            want = np.array(EXPECTED[f"{model}:{version}"])
            err = float(np.max(np.abs(got.reshape(want.shape) - want)))
            status = "ok" if err <= 1e-5 else "MISMATCH"
            failures += status != "ok"
            print(f"{model}:{version} binary={binary} max_abs_err={err:.2e} {status}")
    sys.exit(1 if failures else 0)


def load(seconds, model, until_version=None):
    counts = {"ok": 0, "failed": 0, "versions": {}, "errors": []}
    lock = threading.Lock()
    start = time.monotonic()

    def running():
        now = time.monotonic()
        if now < start + seconds:
            return True
        if until_version is None or now > start + 60:
            return False
        with lock:
            return counts["versions"].get(until_version, 0) < 20

    def worker(i):
        client = httpclient.InferenceServerClient(URL)
        row = QUERY[i % len(QUERY):i % len(QUERY) + 1]
        while running():
            try:
                got, version = infer(client, model, row, True)
                want = np.array(EXPECTED[f"{model}:{version}"])[i % len(QUERY)]
                good = float(np.max(np.abs(got.reshape(-1) - want))) <= 1e-5
            except Exception as e:  # any failure counts
                good, version = False, "error"
                with lock:
                    counts["errors"].append(str(e)[:200])
            with lock:
                counts["ok" if good else "failed"] += 1
                counts["versions"][version] = counts["versions"].get(version, 0) + 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts["errors"] = counts["errors"][:5]
    print(json.dumps(counts))


if MODE == "check":
    check(sys.argv[4:])
else:
    load(float(sys.argv[4]), sys.argv[5], sys.argv[6] if len(sys.argv) > 6 else None)
