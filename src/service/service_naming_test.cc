// The names generated code agrees on across languages and versions: proto
// field numbers (a deployed client reads by number, so they may never move),
// rpc and service names, and the spellings of a context's name each
// language's emitter derives.

#include <gtest/gtest.h>

#include <sstream>

#include "service/cpp_emitter.h"
#include "service/proto_emitter.h"
#include "service/python_emitter.h"
#include "service/service_layout.h"
#include "service/typescript_emitter.h"

namespace strata::service {
namespace {

// Pinned: these numbers are on the wire of every service generated so far.
// A change to the hash would make old clients read fields as unknown.
TEST(ProtoFieldNumbers, ArePinnedForever) {
  EXPECT_EQ(proto_field_number("id"), 30895);
  EXPECT_EQ(proto_field_number("sku"), 252005);
  EXPECT_EQ(proto_field_number("quantity"), 172725);
  EXPECT_EQ(proto_field_number("total_cents"), 43310);
  EXPECT_EQ(proto_field_number("result"), 227506);
  EXPECT_EQ(proto_field_number("ok"), 20797);
  EXPECT_EQ(proto_field_number("value"), 189538);
  EXPECT_EQ(proto_field_number("error"), 102326);
}

TEST(ProtoFieldNumbers, SkipTheReservedRangeUpwards) {
  // "f_awl" hashes to 19611, inside protobuf's 19000-19999.
  EXPECT_EQ(proto_field_number("f_awl"), 20000);
  EXPECT_EQ(proto_field_number("f_awl", {20000}), 20001);
}

TEST(ProtoFieldNumbers, ACollisionProbesUpwardsAndWrapsToOne) {
  EXPECT_EQ(proto_field_number("id", {30895}), 30896);
  EXPECT_EQ(proto_field_number("id", {30895, 30896, 30898}), 30897);
  // "avif" hashes to 262142; the largest number is 2^18 - 1.
  EXPECT_EQ(proto_field_number("avif"), 262142);
  EXPECT_EQ(proto_field_number("avif", {262142}), 262143);
  EXPECT_EQ(proto_field_number("avif", {262142, 262143}), 1);
  EXPECT_EQ(proto_field_number("avif", {262142, 262143, 1, 2}), 3);
}

Contract contract(const std::string& dtos, const std::string& port) {
  auto c = parse_python_contract("shop", dtos, "dtos.py", port, "port.py");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().str());
  return c.ok() ? *c : Contract{};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

const char* k_port =
    "class ShopService(Protocol):\n"
    "    def get(self, item_id: str) -> ItemDto: ...\n"
    "    def put(self, item: ItemDto) -> None: ...\n";

TEST(ProtoFieldNumbers, AContractThatGrowsOnlyAddsLines) {
  std::string before =
      proto_file(contract("@dataclass\nclass ItemDto:\n    sku: str\n    quantity: int\n", k_port));
  std::string after =
      proto_file(contract("@dataclass\nclass TagDto:\n    label: str\n\n"
                          "@dataclass\nclass ItemDto:\n    note: str | None\n    quantity: int\n"
                          "    sku: str\n    tags: list[TagDto]\n",
                          std::string(k_port) + "    def count(self) -> int: ...\n"));
  auto now = lines(after);
  for (const auto& l : lines(before)) {
    if (l.starts_with("//")) continue;
    EXPECT_NE(std::find(now.begin(), now.end(), l), now.end()) << "lost or renumbered: " << l;
  }
}

TEST(ProtoFieldNumbers, AFieldCollidingInItsMessageIsNumberedApart) {
  // Two names with one hash would share a number; the second probes on.
  Contract c = contract("@dataclass\nclass ItemDto:\n    sku: str\n", k_port);
  c.dtos[0].fields.push_back(c.dtos[0].fields[0]);
  c.dtos[0].fields[1].name = "sku";  // the same name stands in for a hash collision
  std::string p = proto_file(c);
  EXPECT_NE(p.find("string sku = 252005;"), std::string::npos);
  EXPECT_NE(p.find("string sku = 252006;"), std::string::npos);
}

TEST(ServiceNames, RpcAndServiceNames) {
  EXPECT_EQ(proto_rpc_name("get"), "Get");
  EXPECT_EQ(proto_rpc_name("list_open_orders"), "ListOpenOrders");
  EXPECT_EQ(proto_rpc_name("v2_get"), "V2Get");
  Contract c = contract("@dataclass\nclass ItemDto:\n    sku: str\n", k_port);
  EXPECT_EQ(proto_service_name(c), "strata.shop.ShopService");
  EXPECT_EQ(service_dir("order_lines"), "contexts/order_lines/service");
}

TEST(ServiceNames, PythonSnakeCaseOfADtoName) {
  EXPECT_EQ(snake_of("ItemDto"), "item_dto");
  EXPECT_EQ(snake_of("OrderLineDto"), "order_line_dto");
  EXPECT_EQ(snake_of("HTTPStatusDto"), "http_status_dto") << "an acronym is one word";
  EXPECT_EQ(snake_of("Dto2Item"), "dto2_item");
  EXPECT_EQ(snake_of("already_snake"), "already_snake");
}

TEST(ServiceNames, CppPascalCaseOfAContextName) {
  EXPECT_EQ(cpp_pascal("billing"), "Billing");
  EXPECT_EQ(cpp_pascal("order_lines"), "OrderLines");
  EXPECT_EQ(cpp_pascal("order-lines"), "OrderLines");
}

TEST(ServiceNames, TypescriptSpellingsOfAContextName) {
  Contract c;
  c.context = "order_lines";
  c.port = "OrderLinesService";
  TsNames n = ts_names(c, "@ws");
  EXPECT_EQ(n.kebab, "order-lines");
  EXPECT_EQ(n.camel, "orderLines");
  EXPECT_EQ(n.upper, "ORDER_LINES");
  EXPECT_EQ(n.pascal, "OrderLines");
  EXPECT_EQ(n.package("api"), "@ws/order-lines-api");
  c.port = "Ledger";
  EXPECT_EQ(ts_names(c, "@ws").pascal, "Ledger") << "a port not ending in Service keeps its name";
}

}  // namespace
}  // namespace strata::service
