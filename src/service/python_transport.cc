// The per-transport file lists, and the modules shared by the services of
// every transport. Metrics use prometheus-client's default registry, one
// counter and one histogram labelled by method, the method label limited to
// the port's methods so a caller cannot grow the series without bound.

#include "service/python_transport.h"

#include "service/proto_emitter.h"
#include "service/python_emitter.h"
#include "service/python_grpc_emitter.h"
#include "service/python_kafka_emitter.h"

namespace strata::service {

std::vector<TransportFile> py_service_transport_files(const Contract& c, Transport t) {
  std::string pkg = c.context + "_service";
  std::vector<TransportFile> out = {{"metrics.py", py_metrics_module(c)}};
  if (t == Transport::k_http) return out;
  out.push_back({"health_server.py", py_health_server_module(c)});
  for (auto& f : py_client_transport_files(c, t, pkg)) out.push_back(std::move(f));
  if (t == Transport::k_grpc) {
    out.push_back({"grpc_server.py", py_grpc_server_module(c)});
    out.push_back({"__main__.py", py_grpc_main_module(c)});
    out.push_back({"../../tests/test_contract.py", py_grpc_contract_tests(c)});
  } else {
    out.push_back({"kafka_server.py", py_kafka_server_module(c)});
    out.push_back({"__main__.py", py_kafka_main_module(c)});
    out.push_back({"../../tests/test_contract.py", py_kafka_contract_tests(c)});
  }
  return out;
}

std::vector<TransportFile> py_client_transport_files(const Contract& c, Transport t,
                                                     const std::string& package_path) {
  if (t == Transport::k_grpc)
    return {{c.context + ".proto", proto_file(c), "//"},
            {"grpc_wire.py", py_grpc_wire_module(c, package_path)},
            {"grpc_client.py", py_grpc_client_module(c)}};
  if (t == Transport::k_kafka) return {{"kafka_client.py", py_kafka_client_module(c)}};
  return {};
}

std::string py_requirements(const std::set<Transport>& transports) {
  std::string out =
      "# What the generated service code runs on: FastAPI and uvicorn serve it (and\n"
      "# its health and metrics), PyJWT signs and checks the calls between services,\n"
      "# prometheus-client counts them";
  if (transports.count(Transport::k_grpc)) out += "; grpcio carries the grpc transport";
  out += "; confluent-kafka carries events";
  if (transports.count(Transport::k_kafka)) out += " and the kafka transport";
  out +=
      ".\nfastapi>=0.110\nuvicorn>=0.29\nPyJWT>=2.8\nprometheus-client>=0.20\nconfluent-kafka>=2."
      "3\n";
  if (transports.count(Transport::k_grpc))
    out +=
        "grpcio>=1.60\ngrpcio-tools>=1.60\nprotobuf>=6.33\n"
        "# Their types, for the lint target's mypy "
        "--strict.\ngrpc-stubs>=1.53\ntypes-protobuf>=4.25\n";
  return out;
}

std::string py_metrics_module(const Contract& c) {
  std::string methods;
  for (const auto& m : c.methods) methods += "        \"" + m.name + "\",\n";
  return py_docstring(c, "Prometheus metrics of the " + c.context +
                             " service: calls served by method and status, and\n"
                             "their latency by method, as GET /metrics shows them.") +
         fill_template(R"(
from __future__ import annotations

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

# The port's methods: any other name a caller sends is counted as "unknown".
METHODS = frozenset(
    {
@@METHODS@@    }
)
REQUESTS = Counter(
    "strata_service_requests",
    "Calls served, by method and status.",
    ["method", "status"],
)
LATENCY = Histogram(
    "strata_service_request_seconds",
    "Time to serve a call, by method.",
    ["method"],
)


def observe(method: str, status: int, seconds: float) -> None:
    name = method if method in METHODS else "unknown"
    REQUESTS.labels(method=name, status=str(status)).inc()
    LATENCY.labels(method=name).observe(seconds)


def exposition() -> tuple[bytes, str]:
    """The metrics in Prometheus' text format, and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST
)",
                       {{"METHODS", methods}});
}

std::string py_health_server_module(const Contract& c) {
  return py_docstring(c, "The " + c.context +
                             " service's HTTP side: GET /health for supervisors (503\n"
                             "until the transport is ready) and GET /metrics for Prometheus.") +
         fill_template(R"(
from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Response

from .metrics import exposition


def create_health_app(ready: Callable[[], bool]) -> FastAPI:
    app = FastAPI(title="@@CONTEXT@@ service health", docs_url=None, redoc_url=None)

    @app.get("/health")
    def health() -> Response:
        if not ready():
            return Response(
                b'{"status": "starting"}', status_code=503, media_type="application/json"
            )
        return Response(b'{"status": "ok"}', media_type="application/json")

    @app.get("/metrics")
    def metrics() -> Response:
        body, content_type = exposition()
        return Response(body, media_type=content_type)

    return app
)",
                       {{"CONTEXT", c.context}});
}

std::string py_main_port_check(const std::string& purpose) {
  return "    port = os.environ.get(\"PORT\", \"\")\n    if not port.isdigit():\n"
         "        raise SystemExit(\"PORT is not set: the port to serve " +
         purpose + "\")\n";
}

std::string py_service_process_helpers(int seconds) {
  return fill_template(R"(

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _http_get(url: str) -> tuple[int, str]:
    with _OPENER.open(url, timeout=5) as response:
        return int(response.status), response.read().decode()


def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + @@SECONDS@@
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the service exited with {process.returncode}")
        try:
            if _http_get(f"{url}/health")[0] == 200:
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the service did not become healthy in @@SECONDS@@ s")
)",
                       {{"SECONDS", std::to_string(seconds)}});
}

std::string py_health_main_module(const Contract& c, const PyHealthMain& m) {
  return py_docstring(c, m.what) + "\nfrom __future__ import annotations\n\nimport os\n" +
         m.stdlib + "\nimport uvicorn\n\n" + m.imports + "\n\ndef main() -> None:\n" +
         py_main_port_check("health and metrics on") + m.start +
         "    try:\n        uvicorn.run(create_health_app(" + m.ready +
         "), host=host, port=int(port), log_level=\"warning\")\n    finally:\n" + m.stop +
         "\n\nif __name__ == \"__main__\":\n    main()\n";
}

}  // namespace strata::service
