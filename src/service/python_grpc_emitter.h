#pragma once
// The Python modules of the grpc transport: the message classes grpcio-tools
// builds from the generated .proto when the package is imported, with the
// two converters between them and the contract's JSON values, the client
// transport and the server adapter (both around the contract's one codec
// and dispatcher, so a call means the same on every transport), and the
// contract tests in process and over gRPC.

#include <string>
#include <utility>
#include <vector>

#include "service/contract.h"

namespace strata::service {

// `package_path` is where the package's .proto sits under a sys.path entry
// ("billing_service", "strata_monolith/billing").
std::string py_grpc_wire_module(const Contract& c, const std::string& package_path);
std::string py_grpc_client_module(const Contract& c);  // grpc_client.py
std::string py_grpc_server_module(const Contract& c);  // grpc_server.py
std::string py_grpc_main_module(const Contract& c);    // __main__.py: gRPC and HTTP health
std::string py_grpc_contract_tests(const Contract& c);

// Replaces each "@@KEY@@" of `text` by its value: the emitters' templates.
std::string fill_template(std::string text,
                          const std::vector<std::pair<std::string, std::string>>& values);
// "BILLING" for "billing": the context in environment variable names.
std::string env_name(const std::string& context);

}  // namespace strata::service
