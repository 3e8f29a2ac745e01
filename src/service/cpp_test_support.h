#pragma once
// Helpers shared by the C++ transport emitters' tests: the billing contract
// (BillingDto, ErrorDto, one method returning a Result) they generate from.
// Test-only; nothing outside *_test.cc includes this.

#include <gtest/gtest.h>

#include <string>

#include "service/contract.h"
#include "service/cpp_contract.h"

namespace strata::service_test {

// `billing`, read from its api layer's dto.h and port header.
inline service::Contract cpp_billing_contract() {
  const char* dto = R"(namespace billing::api {
struct BillingDto {
  std::string id;
};
enum class ErrorCode { k_invalid, k_not_found, k_unavailable };
struct ErrorDto {
  ErrorCode code;
  std::string message;
};
}
)";
  const char* port = R"(class BillingService {
 public:
  virtual ~BillingService() = default;
  virtual Result<BillingDto> get_one(const std::string& id) = 0;
};
)";
  std::string base = "contexts/billing/api/src/billing/api/";
  auto c =
      service::parse_cpp_contract("billing", dto, base + "dto.h", port, base + "billing_service.h");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return c.ok() ? *c : service::Contract{};
}

}  // namespace strata::service_test
