// The .proto of contracts of every shape and language: each contract type
// has its proto type, every method its two messages and its rpc, and what
// protobuf cannot carry is refused at its file and line, whichever language
// the api layer is written in.

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"
#include "service/proto_emitter.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::has;

// The message `name` of `proto`, from its line to its closing brace.
std::string message_of(const std::string& proto, const std::string& name) {
  size_t at = proto.find("message " + name + " {\n");
  if (at == std::string::npos) return "";
  return proto.substr(at, proto.find("}\n", at) + 2 - at);
}

std::string number_of(const std::string& field) {
  return std::to_string(proto_field_number(field));
}

TEST(ProtoEmitterShapes, EveryPythonFieldTypeHasItsProtoType) {
  std::string p = proto_file(service_test::py_shapes_contract());
  std::string item = message_of(p, "ItemDto");
  EXPECT_TRUE(has(item, "  string sku = " + number_of("sku") + ";\n"));
  EXPECT_TRUE(has(item, "  int64 quantity = " + number_of("quantity") + ";\n"));
  EXPECT_TRUE(has(item, "  double price = "));
  EXPECT_TRUE(has(item, "  bool gift = "));
  EXPECT_TRUE(has(item, "  optional string note = "));
  EXPECT_TRUE(has(item, "  repeated string tags = ")) << "a tuple is repeated too";
  std::string line = message_of(p, "LineItemDto");
  EXPECT_TRUE(has(line, "  ItemDto item = "));
  EXPECT_TRUE(has(line, "  repeated ItemDto extras = "));
  EXPECT_TRUE(has(line, "  optional ItemDto replacement = "));
  EXPECT_EQ(message_of(p, "EmptyDto"), "message EmptyDto {\n}\n");
}

TEST(ProtoEmitterShapes, EachMethodHasACallAndAResultMessageAndAnRpc) {
  std::string p = proto_file(service_test::py_shapes_contract());
  EXPECT_EQ(message_of(p, "CountAllCall"), "message CountAllCall {\n}\n");
  EXPECT_EQ(message_of(p, "CountAllResult"),
            "message CountAllResult {\n  int64 result = " + number_of("result") + ";\n}\n");
  std::string add = message_of(p, "AddLineCall");
  EXPECT_EQ(count_of(add, ";\n"), 4);
  // Parameters keep their order; their numbers come from their names.
  EXPECT_LT(add.find("order_id"), add.find("line"));
  EXPECT_LT(add.find(" line = "), add.find("quantity"));
  EXPECT_LT(add.find("quantity"), add.find("urgent"));
  EXPECT_TRUE(has(add, "  LineItemDto line = " + number_of("line") + ";\n"));
  EXPECT_TRUE(has(message_of(p, "FindLineResult"), "  optional LineItemDto result = "));
  EXPECT_TRUE(has(message_of(p, "ListLinesResult"), "  repeated LineItemDto result = "));
  EXPECT_EQ(message_of(p, "ClearResult"), "message ClearResult {\n}\n") << "None has no field";
  EXPECT_TRUE(has(message_of(p, "PingCall"), "  EmptyDto probe = "));
  EXPECT_TRUE(has(p,
                  "service OrderItemsService {\n  rpc CountAll(CountAllCall) returns "
                  "(CountAllResult);\n  rpc AddLine(AddLineCall) returns (AddLineResult);\n"));
  EXPECT_EQ(count_of(p, "  rpc "), 6);
  EXPECT_TRUE(has(p, "package strata.order_items;\n"));
}

TEST(ProtoEmitterShapes, MessagesComeInDtoThenMethodOrder) {
  std::string p = proto_file(service_test::py_shapes_contract());
  EXPECT_LT(p.find("message ItemDto"), p.find("message LineItemDto"));
  EXPECT_LT(p.find("message EmptyDto"), p.find("message CountAllCall"));
  EXPECT_LT(p.find("message CountAllResult"), p.find("message AddLineCall"));
  EXPECT_LT(p.find("message PingResult"), p.find("service OrderItemsService"));
}

TEST(ProtoEmitterShapes, ACppContractMapsToTheSameProtoTypes) {
  std::string p = proto_file(service_test::cpp_shapes_contract());
  std::string item = message_of(p, "ItemDto");
  EXPECT_TRUE(has(item, "  int64 quantity = " + number_of("quantity") + ";\n"));
  EXPECT_TRUE(has(item, "  double price = "));
  EXPECT_TRUE(has(item, "  optional string note = "));
  EXPECT_TRUE(has(item, "  repeated string tags = "));
  EXPECT_TRUE(has(message_of(p, "LineItemDto"), "  optional ItemDto replacement = "));
  EXPECT_TRUE(has(message_of(p, "CountAllResult"), "  int64 result = "));
  EXPECT_EQ(message_of(p, "ClearResult"), "message ClearResult {\n}\n");
  EXPECT_TRUE(proto_unmappable(service_test::cpp_shapes_contract()).empty());
}

TEST(ProtoEmitterShapes, TheSameFieldNameHasTheSameNumberInEveryLanguage) {
  std::string py = message_of(proto_file(service_test::py_shapes_contract()), "ItemDto");
  std::string cpp = message_of(proto_file(service_test::cpp_shapes_contract()), "ItemDto");
  EXPECT_EQ(py, cpp);
}

TEST(ProtoEmitterShapes, ATypescriptResultIsAnOutcomeAndAPlainAnswerIsNot) {
  std::string p = proto_file(service_test::ts_shapes_contract());
  EXPECT_TRUE(has(message_of(p, "CountAllResult"), "  double result = ")) << "number is a double";
  EXPECT_EQ(message_of(p, "CountAllOutcome"), "");
  std::string outcome = message_of(p, "AddLineOutcome");
  EXPECT_TRUE(has(outcome, "  bool ok = "));
  EXPECT_TRUE(has(outcome, "  string value = "));
  EXPECT_TRUE(has(outcome, "  ErrorDto error = "));
  EXPECT_TRUE(has(message_of(p, "AddLineResult"), "  AddLineOutcome result = "));
  EXPECT_TRUE(has(message_of(p, "ListLinesResult"), "  repeated LineDto result = "));
  EXPECT_EQ(message_of(p, "ClearResult"), "message ClearResult {\n}\n");
  EXPECT_TRUE(has(message_of(p, "LineDto"), "  optional ItemDto replacement = "));
  EXPECT_TRUE(has(message_of(p, "ItemDto"), "  optional string note = "));
  EXPECT_TRUE(has(message_of(p, "ItemDto"), "  string status = ")) << "a literal union";
  EXPECT_TRUE(has(p, "  rpc AddLine(AddLineCall) returns (AddLineResult);\n"));
  EXPECT_TRUE(proto_unmappable(service_test::ts_shapes_contract()).empty());
}

TEST(ProtoEmitterShapes, RpcNamesArePascalCaseFromSnakeOrCamelCase) {
  EXPECT_EQ(proto_rpc_name("add_line_item"), "AddLineItem");
  EXPECT_EQ(proto_rpc_name("addLineItem"), "AddLineItem");
  EXPECT_EQ(proto_rpc_name("x"), "X");
  EXPECT_EQ(proto_rpc_name("get_v2"), "GetV2");
}

TEST(ProtoEmitterShapes, CollidingFieldNumbersInOneMessageProbeUpwards) {
  int first = proto_field_number("sku");
  EXPECT_EQ(proto_field_number("sku", {first}), first + 1);
  EXPECT_EQ(proto_field_number("sku", {first, first + 1}), first + 2);
  // The top of the space wraps to 1.
  EXPECT_EQ(proto_field_number("sku", {}), first);
}

TEST(ProtoEmitterShapes, TheProtoIsAFunctionOfTheContract) {
  Contract a = service_test::py_shapes_contract();
  Contract b = service_test::py_shapes_contract();
  EXPECT_EQ(proto_file(a), proto_file(b));
  // Fields reordered: the messages list them in the new order, each with its number.
  std::swap(b.dtos[0].fields[0], b.dtos[0].fields[1]);
  std::string pa = proto_file(a);
  std::string pb = proto_file(b);
  EXPECT_NE(pa, pb);
  std::string sku = "  string sku = " + number_of("sku") + ";\n";
  EXPECT_TRUE(has(message_of(pa, "ItemDto"), sku));
  EXPECT_TRUE(has(message_of(pb, "ItemDto"), sku));
  EXPECT_EQ(message_of(pa, "LineItemDto"), message_of(pb, "LineItemDto"));
}

TEST(ProtoEmitterShapes, APythonContractProtobufCannotCarryIsRefusedAtItsLines) {
  Contract c = service_test::py_shapes_contract(
      "@dataclass(frozen=True)\nclass ADto:\n    id: str\n\n\n"
      "@dataclass(frozen=True)\nclass GridDto:\n    rows: list[list[int]]\n"
      "    maybe: tuple[int | None, ...] = ()\n",
      "class OrderItemsService(Protocol):\n    def ok(self) -> ADto: ...\n\n"
      "    def bad(self, ids: list[str] | None) -> int: ...\n");
  auto found = proto_unmappable(c);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].where, "GridDto.rows");
  EXPECT_EQ(found[0].file, "contexts/order_items/api/dtos.py");
  EXPECT_EQ(found[0].line, 7);
  EXPECT_EQ(found[1].where, "GridDto.maybe");
  EXPECT_EQ(found[1].type, "tuple[int|None,...]");
  EXPECT_EQ(found[2].where, "OrderItemsService.bad: parameter ids");
  EXPECT_EQ(found[2].file, "contexts/order_items/api/port.py");
  EXPECT_EQ(found[2].line, 4);
}

TEST(ProtoEmitterShapes, ACppContractProtobufCannotCarryIsRefusedAtItsLines) {
  Contract c = service_test::cpp_shapes_contract(
      "namespace order_items::api {\nstruct GridDto {\n  std::vector<std::vector<int>> rows;\n"
      "};\nenum class ErrorCode { k_invalid, k_unavailable };\nstruct ErrorDto {\n  ErrorCode "
      "code;\n"
      "  std::string message;\n};\n}\n",
      "class OrderItemsService {\n public:\n"
      "  virtual Result<std::optional<std::vector<int>>> maybe() = 0;\n};\n");
  auto found = proto_unmappable(c);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].where, "GridDto.rows");
  EXPECT_EQ(found[0].line, 2);
  EXPECT_TRUE(found[0].file.ends_with("dto.h"));
  EXPECT_EQ(found[1].where, "OrderItemsService.maybe: result");
  EXPECT_EQ(found[1].line, 3);
  EXPECT_TRUE(found[1].file.ends_with("order_items_service.h"));
}

TEST(ProtoEmitterShapes, ATypescriptResultOfAnUncarriableValueIsRefused) {
  Contract c = service_test::ts_shapes_contract(
      service_test::k_ts_shapes_dto,
      "import type { Result } from \"./dto.js\";\n\nexport interface OrderLinesService {\n"
      "  grid(): Promise<Result<readonly (readonly number[])[]>>;\n}\n");
  auto found = proto_unmappable(c);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].where, "OrderLinesService.grid: result");
  EXPECT_EQ(found[0].type, "Result<readonly (readonly number[])[]>");
  EXPECT_EQ(found[0].file, "order-lines-service.ts");
  EXPECT_EQ(found[0].line, 4);
}

TEST(ProtoEmitterShapes, ADtoNamedLikeAMethodsMessageIsRefusedAtItsLine) {
  // protoc refuses two messages of one name: GetResult the DTO and the
  // result message of get.
  Contract c = service_test::py_shapes_contract(
      "@dataclass(frozen=True)\nclass ADto:\n    id: str\n\n\n"
      "@dataclass(frozen=True)\nclass GetResult:\n    ok: bool\n",
      "class OrderItemsService(Protocol):\n    def get(self, id: str) -> GetResult: ...\n"
      "    def other(self) -> ADto: ...\n");
  auto found = proto_unmappable(c);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].where, "DTO GetResult");
  EXPECT_EQ(found[0].type, "a name the .proto gives OrderItemsService.get's result message");
  EXPECT_EQ(found[0].file, "contexts/order_items/api/dtos.py");
  EXPECT_EQ(found[0].line, 7);
  // An outcome message only exists for a TypeScript Result<T>.
  Contract ts = service_test::ts_shapes_contract(
      std::string(service_test::k_ts_shapes_dto) +
          "\nexport interface AddLineOutcome {\n  readonly id: string;\n}\n"
          "\nexport interface CountAllOutcome {\n  readonly id: string;\n}\n",
      service_test::k_ts_shapes_port);
  auto outcome = proto_unmappable(ts);
  ASSERT_EQ(outcome.size(), 1u);
  EXPECT_EQ(outcome[0].where, "DTO AddLineOutcome");
}

}  // namespace
}  // namespace strata::service
