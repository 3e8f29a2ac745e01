"""Queries a running `strata serve` with tritonclient and checks its answers.

Usage: query.py URL REPO check        every backend, binary and JSON, within 1e-5
       query.py URL REPO load SECONDS MODEL
                                      1-row requests from 4 threads for SECONDS;
                                      prints {"ok": N, "failed": M, "versions": {...}}
"""
import json
import sys
import threading
import time

import numpy as np
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

URL, REPO, MODE = sys.argv[1], sys.argv[2], sys.argv[3]
EXPECTED = json.load(open(f"{REPO}/expected.json"))
QUERY = np.array(EXPECTED["query"], dtype=np.float32)
MODELS = {  # name: (input datatype, output name)
    "mlp": ("FP32", "output"),
    "boost": ("FP32", "prediction"),
    "pipeline": ("FP64", "probabilities"),
}


def infer(client, model, rows, binary, version=""):
    datatype, output = MODELS[model]
    x = rows.astype(np.float32 if datatype == "FP32" else np.float64)
    inp = httpclient.InferInput("input", list(x.shape), datatype)
    inp.set_data_from_numpy(x, binary_data=binary)
    out = httpclient.InferRequestedOutput(output, binary_data=binary)
    result = client.infer(model, [inp], outputs=[out], model_version=version)
    return result.as_numpy(output), result.get_response()["model_version"]


def check():
    client = httpclient.InferenceServerClient(URL)
    assert client.is_server_live() and client.is_server_ready()
    failures = 0
    for model in MODELS:
        assert client.is_model_ready(model), model
        meta = client.get_model_metadata(model)
        version = meta["versions"][0]
        want = np.array(EXPECTED[f"{model}:{version}"])
        for binary in (True, False):
            got, _ = infer(client, model, QUERY, binary)
            err = float(np.max(np.abs(got.reshape(want.shape) - want)))
            status = "ok" if err <= 1e-5 else "MISMATCH"
            failures += status != "ok"
            print(f"{model}:{version} binary={binary} max_abs_err={err:.2e} {status}")
    # Hostile inputs are refused with 400 and the server stays up.
    for bad in ([[1.0, 2.0]], ):
        try:
            infer(client, "mlp", np.array(bad), True)
            print("bad shape accepted")
            failures += 1
        except InferenceServerException as e:
            print(f"bad shape refused: {e.status()} {e.message()[:60]}")
            failures += e.status() != "400"
    assert client.is_server_live()
    sys.exit(1 if failures else 0)


def load(seconds, model):
    counts = {"ok": 0, "failed": 0, "versions": {}, "errors": []}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(i):
        client = httpclient.InferenceServerClient(URL)
        row = QUERY[i % len(QUERY):i % len(QUERY) + 1]
        while time.monotonic() < stop:
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
    check()
else:
    load(float(sys.argv[4]), sys.argv[5])
