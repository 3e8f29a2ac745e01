"""p50 and p99 of strata serve's own request histogram between two scrapes.

Usage: server_quantiles.py BEFORE AFTER (files holding /metrics text)
Interpolates linearly inside the bucket a quantile falls in.
"""
import json
import re
import sys

PATTERN = re.compile(r'strata_serve_request_duration_seconds_bucket\{model="mlp",version="\d+",le="([^"]+)"\} (\d+)')


def buckets(path):
    out = {}
    for le, n in PATTERN.findall(open(path).read()):
        out[float("inf") if le == "+Inf" else float(le)] = int(n)
    return out


before, after = buckets(sys.argv[1]), buckets(sys.argv[2])
edges = sorted(after)
counts = [after[e] - before.get(e, 0) for e in edges]
total = counts[-1]


def quantile(q):
    want, low = q * total, 0.0
    prev = 0
    for edge, c in zip(edges, counts):
        if c >= want:
            if edge == float("inf"):
                return low
            return low + (edge - low) * ((want - prev) / max(1, c - prev))
        low, prev = edge, c
    return low


print(json.dumps({"requests": total, "p50_us": round(quantile(0.5) * 1e6), "p99_us": round(quantile(0.99) * 1e6)}))
