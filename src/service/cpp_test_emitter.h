#pragma once
// The C++ contract tests generated from a contract (GoogleTest), and the
// sample request the monolith's tests send. Each function returns one
// file's text (or part of one), without the generated-file header.

#include <string>

#include "config/topology.h"
#include "service/cpp_emitter.h"

namespace strata::service {

// contract_test.cc: the in-process and remote suites, probing `health_path`;
// the remote suite runs over HTTP and over `transport` too (grpc, kafka).
std::string cpp_contract_tests(const Contract& c, const CppUnit& u, const std::string& health_path,
                               Transport transport = Transport::k_http);

// `namespace NS { ... sample_request() }`: the JSON body of a call of the
// port's first method with sample arguments, for the monolith's tests.
std::string cpp_sample_request(const Contract& c, const CppUnit& u);

}  // namespace strata::service
