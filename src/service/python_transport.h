#pragma once
// What a transport adds to the generated Python projects, as a list of files
// the layout writes over the HTTP ones (http keeps them as they are): for a
// split service its modules, entry point and contract tests; for the
// monolith, the client modules of each split context. Also the pieces every
// transport's service shares: Prometheus metrics, the HTTP side app that
// answers /health and /metrics for the transports that do not speak HTTP,
// the entry point's port check and the contract tests' process helpers.

#include <set>
#include <string>
#include <vector>

#include "config/topology.h"
#include "service/contract.h"

namespace strata::service {

struct TransportFile {
  std::string path;  // relative to the package folder, or "../../tests/..." for tests
  std::string text;
  std::string comment = "#";  // the header's comment prefix
};

// The service package's files for `t`, relative to the package folder
// (contexts/NAME/service/src/NAME_service); the contract tests are at
// "../../tests/test_contract.py".
std::vector<TransportFile> py_service_transport_files(const Contract& c, Transport t);

// The client modules a package at `package_path` (under a sys.path entry,
// "strata_monolith/billing") needs to call the context over `t`.
std::vector<TransportFile> py_client_transport_files(const Contract& c, Transport t,
                                                     const std::string& package_path);

// requirements.txt for projects whose services use `transports`.
std::string py_requirements(const std::set<Transport>& transports);

std::string py_metrics_module(const Contract& c);        // metrics.py
std::string py_health_server_module(const Contract& c);  // health_server.py

// The opening of a service's main(): $PORT checked, `purpose` saying what it
// serves on it ("on", "health and metrics on").
std::string py_main_port_check(const std::string& purpose);

// The entry point of a service whose calls come another way than HTTP (gRPC,
// Kafka): it starts the transport, serves health_server.py's app on $PORT
// until stopped, then stops the transport.
struct PyHealthMain {
  std::string what;     // the module's docstring
  std::string stdlib;   // standard library imports beside `os`, one a line
  std::string imports;  // the package's own imports, health_server's among them
  std::string start;    // main()'s lines after the port check: `host`, the transport
  std::string ready;    // the expression create_health_app is given
  std::string stop;     // the lines that stop the transport
};
std::string py_health_main_module(const Contract& c, const PyHealthMain& m);  // __main__.py
// The grpc and kafka contract tests' helpers that run the service as its own
// process: a free port, a GET, and the wait (`seconds` at most) until its
// health path answers 200.
std::string py_service_process_helpers(int seconds);

}  // namespace strata::service
