#include "service/proto_emitter.h"

#include <gtest/gtest.h>

#include "service/typescript_contract.h"

namespace strata::service {
namespace {

Contract contract(const std::string& dtos, const std::string& port) {
  auto c = parse_python_contract("billing", dtos, "dtos.py", port, "port.py");
  EXPECT_TRUE(c.ok());
  return *c;
}

const char* k_dtos =
    "@dataclass(frozen=True)\nclass ItemDto:\n    sku: str\n    quantity: int = 1\n\n"
    "@dataclass(frozen=True)\nclass CartDto:\n    id: str\n    items: tuple[ItemDto, ...] = ()\n"
    "    note: str | None = None\n    total: float = 0.0\n    open: bool = True\n";
const char* k_port =
    "class BillingService(Protocol):\n    def get(self, cart_id: str) -> CartDto: ...\n"
    "    def list_all(self) -> list[CartDto]: ...\n    def clear(self) -> None: ...\n";

TEST(ProtoEmitter, MapsEveryContractTypeToItsProtoType) {
  std::string p = proto_file(contract(k_dtos, k_port));
  EXPECT_NE(p.find("syntax = \"proto3\";"), std::string::npos);
  EXPECT_NE(p.find("package strata.billing;"), std::string::npos);
  EXPECT_NE(p.find("  string sku = "), std::string::npos);
  EXPECT_NE(p.find("  int64 quantity = "), std::string::npos);
  EXPECT_NE(p.find("  repeated ItemDto items = "), std::string::npos);
  EXPECT_NE(p.find("  optional string note = "), std::string::npos);
  EXPECT_NE(p.find("  double total = "), std::string::npos);
  EXPECT_NE(p.find("  bool open = "), std::string::npos);
  EXPECT_NE(p.find("message GetCall {\n  string cart_id = "), std::string::npos);
  EXPECT_NE(p.find("message ListAllResult {\n  repeated CartDto result = "), std::string::npos);
  EXPECT_NE(p.find("message ClearResult {\n}\n"), std::string::npos);
  EXPECT_NE(p.find("service BillingService {\n  rpc Get(GetCall) returns (GetResult);\n"),
            std::string::npos);
  EXPECT_NE(p.find("  rpc ListAll(ListAllCall) returns (ListAllResult);\n"), std::string::npos);
}

TEST(ProtoEmitter, FieldNumbersDependOnlyOnTheFieldName) {
  std::string number = "sku = " + std::to_string(proto_field_number("sku"));
  std::string before = proto_file(contract(k_dtos, k_port));
  // A field added in front, and the others reordered: sku keeps its number.
  std::string changed =
      "@dataclass(frozen=True)\nclass ItemDto:\n    added: str\n    quantity: int = 1\n"
      "    sku: str = \"\"\n";
  std::string after = proto_file(contract(changed,
                                          "class BillingService(Protocol):\n"
                                          "    def get(self, a: str) -> ItemDto: ...\n"));
  EXPECT_NE(before.find(number), std::string::npos);
  EXPECT_NE(after.find(number), std::string::npos);
}

TEST(ProtoEmitter, FieldNumbersAvoidTheReservedRangeAndCollisions) {
  for (const char* name : {"a", "id", "aggregate_id", "total_cents", "x"}) {
    int n = proto_field_number(name);
    EXPECT_GE(n, 1);
    EXPECT_LT(n, 1 << 18);
    EXPECT_FALSE(n >= 19000 && n <= 19999);
    EXPECT_NE(proto_field_number(name, {n}), n);
  }
  EXPECT_EQ(proto_field_number("sku"), proto_field_number("sku"));
}

TEST(ProtoEmitter, NamesRpcsAndTheService) {
  EXPECT_EQ(proto_rpc_name("list_all"), "ListAll");
  EXPECT_EQ(proto_rpc_name("get"), "Get");
  EXPECT_EQ(proto_service_name(contract(k_dtos, k_port)), "strata.billing.BillingService");
}

TEST(ProtoEmitter, ReportsTypesProtobufCannotCarry) {
  Contract c = contract("@dataclass(frozen=True)\nclass ADto:\n    grid: list[list[int]]\n",
                        "class BillingService(Protocol):\n"
                        "    def find(self, tags: list[str] | None) -> list[str | None]: ...\n");
  auto found = proto_unmappable(c);
  ASSERT_EQ(found.size(), 3u);
  auto text = [](const Unserialisable& u) { return u.where + ": " + u.type; };
  EXPECT_EQ(text(found[0]), "ADto.grid: list[list[int]]");
  EXPECT_EQ(text(found[1]), "BillingService.find: parameter tags: list[str]|None");
  EXPECT_EQ(text(found[2]), "BillingService.find: result: list[str|None]");
  EXPECT_EQ(found[0].file, "dtos.py");
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[2].file, "port.py");
  EXPECT_EQ(found[2].line, 2);
  EXPECT_TRUE(proto_unmappable(contract(k_dtos, k_port)).empty());
}

// A TypeScript port answers Result<T>: ok with the value, or an ErrorDto.
TEST(ProtoEmitter, CarriesATypescriptResultAsAnOutcomeMessage) {
  auto c = parse_typescript_contract(
      "billing",
      "export interface ItemDto {\n  readonly sku: string;\n}\n\n"
      "export interface ErrorDto {\n  readonly code: string;\n  readonly message: string;\n}\n\n"
      "export type Result<T> = { readonly ok: true; readonly value: T } | "
      "{ readonly ok: false; readonly error: ErrorDto };\n",
      "dto.ts",
      "import type { ItemDto, Result } from \"./dto.js\";\n\n"
      "export interface BillingService {\n  get(id: string): Promise<Result<ItemDto>>;\n"
      "  list(): Promise<Result<readonly ItemDto[]>>;\n}\n",
      "billing-service.ts");
  ASSERT_TRUE(c.ok()) << c.error().message;
  std::string p = proto_file(*c);
  EXPECT_NE(p.find("message GetOutcome {\n  bool ok = "), std::string::npos) << p;
  EXPECT_NE(p.find("  ItemDto value = "), std::string::npos) << p;
  EXPECT_NE(p.find("  ErrorDto error = "), std::string::npos) << p;
  EXPECT_NE(p.find("message GetResult {\n  GetOutcome result = "), std::string::npos) << p;
  EXPECT_NE(p.find("  repeated ItemDto value = "), std::string::npos) << p;
  EXPECT_EQ(p.find(" Result result"), std::string::npos) << p;
  EXPECT_TRUE(proto_unmappable(*c).empty());
}

}  // namespace
}  // namespace strata::service
