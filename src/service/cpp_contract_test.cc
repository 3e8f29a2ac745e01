#include "service/cpp_contract.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

using K = TypeRef::Kind;

const char* k_dto = R"(#pragma once
// The contract.
#include <string>

namespace shop::api {

struct LineItemDto {
  std::string sku;
  int quantity = 0;  // how many
  bool operator==(const LineItemDto&) const = default;
};

/* An order. */
struct OrderDto {
  std::string id;
  std::vector< LineItemDto > items;
  std::optional<double> discount;
  long long total{0};
};

struct EmptyQuery {};

enum class ErrorCode {
  k_invalid,
  k_not_found,
  k_unavailable,
};

struct ErrorDto {
  ErrorCode code;
  std::string message;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  bool ok() const { return true; }
  const T& value() const& { return m_value; }
 private:
  T m_value;
};

using Status = Result<std::monostate>;

}  // namespace shop::api
)";

const char* k_port = R"(#pragma once
#include "shop/api/dto.h"

namespace shop::api {

// The inbound port.
class ShopService {
 public:
  virtual ~ShopService() = default;
  virtual Result<OrderDto> open(const LineItemDto& item) = 0;
  virtual Result<std::vector<OrderDto>>
      list(const EmptyQuery& query) = 0;
  virtual Status forget(const std::string& id, long long times) = 0;
};

}  // namespace shop::api
)";

TEST(CppContract, ReadsTheStructsAndThePortsPureVirtualMethods) {
  auto c = parse_cpp_contract("shop", k_dto, "dto.h", k_port, "shop_service.h");
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->language, "cpp");
  EXPECT_EQ(c->port, "ShopService");
  ASSERT_EQ(c->dtos.size(), 3u);  // ErrorDto and Result are the error channel
  EXPECT_EQ(c->dtos[0].name, "LineItemDto");
  ASSERT_EQ(c->dtos[0].fields.size(), 2u);
  EXPECT_EQ(c->dtos[0].fields[1].name, "quantity");
  EXPECT_EQ(c->dtos[0].fields[1].type.kind, K::k_int);
  EXPECT_EQ(c->dtos[0].fields[1].default_text, "0");
  const Dto& order = c->dtos[1];
  ASSERT_EQ(order.fields.size(), 4u);
  EXPECT_EQ(order.line, 14);
  EXPECT_EQ(order.fields[1].type.kind, K::k_list);
  EXPECT_EQ(order.fields[1].type.args[0].kind, K::k_dto);
  EXPECT_EQ(order.fields[1].type.text, "std::vector<LineItemDto>");
  EXPECT_EQ(order.fields[2].type.kind, K::k_optional);
  EXPECT_EQ(order.fields[2].type.args[0].kind, K::k_float);
  EXPECT_EQ(order.fields[3].type.text, "long long");
  EXPECT_TRUE(c->dtos[2].fields.empty());

  ASSERT_EQ(c->methods.size(), 3u);
  EXPECT_EQ(c->methods[0].name, "open");
  EXPECT_EQ(c->methods[0].line, 10);
  ASSERT_EQ(c->methods[0].params.size(), 1u);
  EXPECT_EQ(c->methods[0].params[0].name, "item");
  EXPECT_EQ(c->methods[0].params[0].type.name, "LineItemDto");
  EXPECT_EQ(c->methods[0].params[0].type.text, "const LineItemDto&");
  EXPECT_EQ(c->methods[0].returns.name, "OrderDto");
  EXPECT_EQ(c->methods[1].returns.kind, K::k_list);
  EXPECT_EQ(c->methods[2].returns.kind, K::k_none);
  ASSERT_EQ(c->methods[2].params.size(), 2u);
  EXPECT_EQ(c->methods[2].params[0].type.kind, K::k_str);
  EXPECT_EQ(c->methods[2].params[1].type.kind, K::k_int);
  EXPECT_EQ(c->methods[2].params[1].type.text, "long long");
  EXPECT_TRUE(unserialisable_types(*c).empty());
}

TEST(CppContract, TypesTheWireCannotCarryAreUnknown) {
  EXPECT_EQ(parse_cpp_type("std::function<void()>", {}).kind, K::k_unknown);
  EXPECT_EQ(parse_cpp_type("char*", {}).kind, K::k_unknown);
  EXPECT_EQ(parse_cpp_type("const std::string&", {}).kind, K::k_str);
  EXPECT_EQ(parse_cpp_type("::shop::api::OrderDto", {"OrderDto"}).kind, K::k_dto);
  EXPECT_EQ(parse_cpp_type("std::uint32_t", {}).kind, K::k_int);
}

TEST(CppContract, AMethodAnsweringOtherThanAResultCannotBeSerialised) {
  std::string port = "class S {\n public:\n  virtual int count() = 0;\n};\n";
  auto c = parse_cpp_contract("shop", k_dto, "dto.h", port, "shop_service.h");
  ASSERT_TRUE(c.ok());
  auto u = unserialisable_types(*c);
  ASSERT_EQ(u.size(), 1u);
  EXPECT_EQ(u[0].where, "S.count: result");
  EXPECT_EQ(u[0].line, 3);
}

TEST(CppContract, RefusesAnApiLayerWithoutItsErrorChannelOrPort) {
  auto no_codes = parse_cpp_contract("shop", "struct A { int x; };", "dto.h", k_port, "p.h");
  ASSERT_FALSE(no_codes.ok());
  EXPECT_NE(no_codes.error().message.find("ErrorCode"), std::string::npos);
  auto no_port = parse_cpp_contract("shop", k_dto, "dto.h", "class S {};", "p.h");
  ASSERT_FALSE(no_port.ok());
  EXPECT_EQ(no_port.error().loc.file, "p.h");
}

}  // namespace
}  // namespace strata::service
