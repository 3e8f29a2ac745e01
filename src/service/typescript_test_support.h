#pragma once
// Helpers shared by the TypeScript emitters' tests: the order_lines contract
// with a Result<T> method they generate from, and a substring check.
// Test-only; nothing outside *_test.cc includes this.

#include <gtest/gtest.h>

#include <string>

#include "service/contract.h"
#include "service/typescript_contract.h"

namespace strata::service_test {

// `order_lines`: OrderDto, ErrorDto, Result<T> and one method returning a Result.
inline service::Contract ts_order_lines_contract() {
  auto c = service::parse_typescript_contract(
      "order_lines",
      "export interface OrderDto {\n  readonly id: string;\n}\n\n"
      "export interface ErrorDto {\n  readonly code: string;\n  readonly message: string;\n}\n\n"
      "export type Result<T> = { readonly ok: true; readonly value: T } | "
      "{ readonly ok: false; readonly error: ErrorDto };\n",
      "dto.ts",
      "import type { OrderDto, Result } from \"./dto.js\";\n\n"
      "export interface OrderLinesService {\n  open(id: string): Promise<Result<OrderDto>>;\n}\n",
      "order-lines-service.ts");
  EXPECT_TRUE(c.ok()) << c.error().message;
  return *c;
}

inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace strata::service_test
