#include "service/typescript_contract.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

using K = TypeRef::Kind;

const char* k_dto = R"(// The contract.
export interface LineItemDto {
  readonly sku: string;
  readonly quantity: number;
}

export interface OrderDto {
  readonly id: string;
  readonly status: "open" | "closed";
  readonly items: readonly LineItemDto[];
  readonly note?: string; /* optional */
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}
)";

const char* k_port = R"(import type { OrderDto, Result } from "./dto.js";

/** The inbound port. */
export interface OrderService {
  open(command: LineItemDto): Promise<Result<OrderDto>>;
  list(): Promise<readonly OrderDto[]>;
}
)";

TEST(TypescriptContract, ReadsInterfacesAndThePort) {
  auto c = parse_typescript_contract("order", k_dto, "dto.ts", k_port, "order-service.ts");
  ASSERT_TRUE(c.ok()) << c.error().str();
  ASSERT_EQ(c->dtos.size(), 2u);
  const Dto& order = c->dtos[1];
  ASSERT_EQ(order.fields.size(), 4u);
  EXPECT_EQ(order.fields[1].type.kind, K::k_str) << "a string literal union is a string";
  EXPECT_EQ(order.fields[2].type.kind, K::k_list);
  EXPECT_EQ(order.fields[2].type.args[0].name, "LineItemDto");
  EXPECT_EQ(order.fields[3].name, "note");
  EXPECT_EQ(order.fields[3].type.kind, K::k_optional);
  EXPECT_EQ(c->port, "OrderService");
  ASSERT_EQ(c->methods.size(), 2u);
  EXPECT_EQ(c->methods[0].returns.name, "Result") << "Promise is unwrapped";
  EXPECT_EQ(c->methods[0].returns.args[0].name, "OrderDto");
  EXPECT_TRUE(c->methods[1].params.empty());
  EXPECT_TRUE(unserialisable_types(*c).empty());
}

TEST(TypescriptContract, NamesTypesTheWireCannotCarry) {
  std::string port =
      "export interface S {\n  on(cb: () => void): Promise<Map<string, number>>;\n}\n";
  auto c = parse_typescript_contract("order", k_dto, "dto.ts", port, "s.ts");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(unserialisable_types(*c).size(), 2u);
}

TEST(TypescriptContract, ParsesTypeExpressions) {
  std::vector<std::string> dtos = {"A"};
  EXPECT_EQ(parse_typescript_type("Array<A>", dtos).kind, K::k_list);
  EXPECT_EQ(parse_typescript_type("A | null", dtos).kind, K::k_optional);
  EXPECT_EQ(parse_typescript_type("number", dtos).kind, K::k_float);
  EXPECT_EQ(parse_typescript_type("string | number", dtos).kind, K::k_unknown);
}

}  // namespace
}  // namespace strata::service
