#pragma once
// The C++ code generated from a context's contract: the strict wire codec
// (nlohmann-json) with the dispatcher and the client that implements the
// port over any transport (the in-process one runs the same codec as the
// remote ones), HS256 JWTs (OpenSSL), the HTTP server adapter with its
// health path and Prometheus /metrics and the HTTP client adapter (both
// cpp-httplib), the service's entry point and its contract tests
// (GoogleTest). Each function returns one file's text, without the
// generated-file header the layout puts first.

#include <string>

#include "service/contract.h"

namespace strata::service {

// Where a copy of the client code lives: "billing/service" and namespace
// "billing::service" in the service project; the monolith keeps its own
// copy under "strata_monolith/billing", so the two projects never offer
// the same include path.
struct CppUnit {
  std::string include_dir;
  std::string ns;
};

CppUnit cpp_service_unit(const Contract& c);
CppUnit cpp_monolith_unit(const Contract& c);

std::string cpp_codec_header(const Contract& c, const CppUnit& u);  // codec.h
std::string cpp_codec_source(const Contract& c, const CppUnit& u);  // codec.cc
std::string cpp_jwt_header(const Contract& c, const CppUnit& u);    // jwt.h
std::string cpp_jwt_source(const CppUnit& u);                       // jwt.cc
std::string cpp_http_client_header(const Contract& c, const CppUnit& u);
std::string cpp_http_client_source(const Contract& c, const CppUnit& u);
std::string cpp_http_server_header(const Contract& c, const CppUnit& u);
std::string cpp_http_server_source(const Contract& c, const CppUnit& u);
// main.cc: serves the context on 127.0.0.1:$PORT, `health_path` answering.
std::string cpp_service_main(const Contract& c, const CppUnit& u, const std::string& health_path);
// contract_test.cc: the in-process and remote suites, probing `health_path`.
std::string cpp_contract_tests(const Contract& c, const CppUnit& u, const std::string& health_path);

// `namespace NS { ... sample_request() }`: the JSON body of a call of the
// port's first method with sample arguments, for the monolith's tests.
std::string cpp_sample_request(const Contract& c, const CppUnit& u);

// "billing" -> "Billing", "order_items" -> "OrderItems".
std::string cpp_pascal(const std::string& snake);

}  // namespace strata::service
