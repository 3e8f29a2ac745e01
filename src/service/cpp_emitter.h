#pragma once
// The C++ code generated from a context's contract, part one: the strict
// wire codec (nlohmann-json) with the dispatcher and the client that
// implements the port over any transport (the in-process one runs the same
// codec as the remote ones). The HTTP adapters are in cpp_http_emitter.h,
// the contract tests in cpp_test_emitter.h. Each function returns one
// file's text, without the generated-file header the layout puts first.

#include <string>
#include <utility>
#include <vector>

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
// Building blocks of the emitters (cpp_http_emitter.h, cpp_test_emitter.h).
using CppValues = std::vector<std::pair<std::string, std::string>>;
// `text` with each key of `values` ("@NS@") replaced by its value.
std::string cpp_fill(std::string text, const CppValues& values);
// @NS@, @INC@, @CTX@, @PORT@, @CLIENT@, @UPPER@, @AUD@ and @NAME@ of a unit.
CppValues cpp_names(const Contract& c, const CppUnit& u);
std::string cpp_client_class(const Contract& c);  // "BillingClient"

// `text` escaped for the inside of a C++ string literal: the topology's
// health path may hold a quote or a backslash.
std::string cpp_escaped(const std::string& text);

// "billing" -> "Billing", "order_items" -> "OrderItems".
std::string cpp_pascal(const std::string& snake);

}  // namespace strata::service
