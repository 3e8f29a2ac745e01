"""Fixed-rate load: RATE requests/s for SECONDS, 1-row POSTs over keep-alive.

Usage: rate.py HOST PORT PATH BODY_FILE RATE SECONDS
Prints {"sent", "failed", "p50_us", "p99_us"}: client-side latency, measured
from each request's scheduled time (so a stalled server is not hidden by
the client waiting: no coordinated omission).
"""
import http.client
import json
import sys
import threading
import time

host, port, path, body_file, rate, seconds = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5]), float(sys.argv[6])
body = open(body_file, "rb").read()
THREADS = 4
latencies, failed = [], [0]
lock = threading.Lock()
start = time.perf_counter() + 0.2


def worker(k):
    conn = http.client.HTTPConnection(host, port)
    mine, bad = [], 0
    i = k
    interval = 1.0 / rate
    while True:
        due = start + i * interval
        if due - start > seconds:
            break
        now = time.perf_counter()
        if due > now:
            time.sleep(due - now)
        conn.request("POST", path, body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            bad += 1
        mine.append(time.perf_counter() - due)
        i += THREADS
    with lock:
        latencies.extend(mine)
        failed[0] += bad


threads = [threading.Thread(target=worker, args=(k,)) for k in range(THREADS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
latencies.sort()
q = lambda p: int(latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1e6)
print(json.dumps({"sent": len(latencies), "failed": failed[0], "p50_us": q(0.5), "p99_us": q(0.99)}))
