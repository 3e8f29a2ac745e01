#pragma once
// The C++ adapters generated from a contract: HS256 JWTs (OpenSSL), the HTTP
// server adapter with its health path and Prometheus /metrics and the HTTP
// client adapter (both cpp-httplib), and the service's entry point. Each
// function returns one file's text, without the generated-file header.

#include <string>

#include "service/cpp_emitter.h"

namespace strata::service {

std::string cpp_jwt_header(const Contract& c, const CppUnit& u);  // jwt.h
std::string cpp_jwt_source(const CppUnit& u);                     // jwt.cc
std::string cpp_http_client_header(const Contract& c, const CppUnit& u);
std::string cpp_http_client_source(const Contract& c, const CppUnit& u);
std::string cpp_http_server_header(const Contract& c, const CppUnit& u);
std::string cpp_http_server_source(const Contract& c, const CppUnit& u);
// The part of every transport's main.cc after its includes up to its own
// serving: helpers, `--health-probe URL`, the PORT and key checks.
std::string cpp_main_start();
// main.cc: serves the context on 127.0.0.1:$PORT, `health_path` answering.
std::string cpp_service_main(const Contract& c, const CppUnit& u, const std::string& health_path);

}  // namespace strata::service
