"""Times calls of a generated service's port: `get(id)` on one aggregate,
sequentially, through the transport named on the command line ("direct":
the application service itself; "in-process": the generated local client
with its codec; "http", "grpc", "kafka": the generated remote clients of a
service already running). Prints one JSON line per round: p50 and p99 in
microseconds and calls per second."""

from __future__ import annotations

import json
import sys
import time

from billing_api.dtos import OpenBillingRequest
from billing_api.port import BillingService
from billing_service.contract import BillingClient, local_client
from billing_service.wiring import make_service


def port_for(transport: str) -> BillingService:
    if transport == "direct":
        return make_service()
    if transport == "in-process":
        return local_client(make_service())
    if transport == "http":
        from billing_service.http_client import http_client

        return http_client()
    if transport == "grpc":
        from billing_service.grpc_client import grpc_client

        return grpc_client()
    if transport == "kafka":
        from billing_service.kafka_client import KafkaTransport

        return BillingClient(KafkaTransport())
    raise SystemExit(f"unknown transport {transport}")


def percentile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def main() -> None:
    transport, calls, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    port = port_for(transport)
    aggregate = port.open(OpenBillingRequest(name="bench"))
    for _ in range(min(calls, 200)):  # warm up: connections, caches
        port.get(aggregate)
    for _ in range(rounds):
        samples: list[float] = []
        started = time.perf_counter()
        for _ in range(calls):
            t0 = time.perf_counter()
            port.get(aggregate)
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - started
        samples.sort()
        print(
            json.dumps(
                {
                    "transport": transport,
                    "p50_us": percentile(samples, 0.50) * 1e6,
                    "p99_us": percentile(samples, 0.99) * 1e6,
                    "calls_per_s": calls / elapsed,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
