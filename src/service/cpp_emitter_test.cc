// The C++ codec generated from contracts of every shape: the C++ type of
// each contract type, a reader and a writer per DTO, a runner per method
// that reads every argument before it calls, the client with the port's own
// signatures, the names a context takes in each place, and the text a
// function of the contract and unit alone.

#include "service/cpp_emitter.h"

#include <gtest/gtest.h>

#include "service/cpp_test_support.h"
#include "service/emitter_test_support.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::cpp_shapes_contract;
using service_test::has;

std::string source() {
  Contract c = cpp_shapes_contract();
  return cpp_codec_source(c, cpp_service_unit(c));
}

std::string header() {
  Contract c = cpp_shapes_contract();
  return cpp_codec_header(c, cpp_service_unit(c));
}

// The definition of `signature` in `text`, up to its closing brace.
std::string body_of(const std::string& text, const std::string& signature) {
  size_t at = text.find(signature);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find("\n}\n", at) + 3 - at);
}

TEST(CppEmitter, PascalCaseJoinsSnakeAndKebabWords) {
  EXPECT_EQ(cpp_pascal("billing"), "Billing");
  EXPECT_EQ(cpp_pascal("order_items"), "OrderItems");
  EXPECT_EQ(cpp_pascal("order-items"), "OrderItems");
  EXPECT_EQ(cpp_pascal("a_b_c"), "ABC");
}

TEST(CppEmitter, TheServiceAndTheMonolithKeepTheirOwnCopy) {
  Contract c = cpp_shapes_contract();
  CppUnit s = cpp_service_unit(c);
  CppUnit m = cpp_monolith_unit(c);
  EXPECT_EQ(s.include_dir, "order_items/service");
  EXPECT_EQ(s.ns, "order_items::service");
  EXPECT_EQ(m.include_dir, "strata_monolith/order_items");
  EXPECT_EQ(m.ns, "strata_monolith::order_items");
  EXPECT_TRUE(has(cpp_codec_source(c, m), "#include \"strata_monolith/order_items/codec.h\""));
  EXPECT_TRUE(has(cpp_codec_source(c, m), "namespace strata_monolith::order_items {"));
  EXPECT_NE(cpp_codec_source(c, s), cpp_codec_source(c, m));
}

TEST(CppEmitter, TheNamesOfAUnitFillEveryPlaceholder) {
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_service_unit(c);
  EXPECT_EQ(cpp_fill("@NS@|@INC@|@CTX@|@PORT@|@CLIENT@|@UPPER@|@AUD@|@NAME@", cpp_names(c, u)),
            "order_items::service|order_items/service|order_items|OrderItemsService|"
            "OrderItemsClient|ORDER_ITEMS|order-items-service|OrderItems");
  EXPECT_EQ(cpp_client_class(c), "OrderItemsClient");
  // A value holding its own key is not filled again.
  EXPECT_EQ(cpp_fill("@A@ @A@", {{"@A@", "x@A@"}}), "x@A@ x@A@");
}

TEST(CppEmitter, NoPlaceholderIsLeftInTheCodec) {
  for (const std::string& text : {header(), source()}) {
    EXPECT_FALSE(has(text, "@NS@"));
    EXPECT_FALSE(has(text, "@PORT@"));
    EXPECT_FALSE(has(text, "@CTX@"));
    EXPECT_FALSE(has(text, "@DTO_DECLS@"));
    EXPECT_FALSE(has(text, "@DECLS@"));
  }
}

TEST(CppEmitter, EveryDtoHasAStrictReaderAndAWriter) {
  std::string s = source();
  std::string read = body_of(s,
                             "\nvoid read(const Json& j, const std::string& at, "
                             "api::ItemDto& out) {");
  EXPECT_TRUE(has(read,
                  "  expect_fields(j, at, {\"sku\", \"quantity\", \"price\", \"gift\", "
                  "\"note\", \"tags\"});\n"));
  EXPECT_TRUE(has(read, "  read(j.at(\"sku\"), at + \".sku\", out.sku);\n"));
  EXPECT_TRUE(has(read, "  read(j.at(\"tags\"), at + \".tags\", out.tags);\n"));
  EXPECT_EQ(count_of(read, "  read(j.at("), 6);
  std::string write = body_of(s, "\nJson write(const api::LineItemDto& value) {");
  EXPECT_TRUE(has(write, "  out[\"item\"] = write(value.item);\n"));
  EXPECT_TRUE(has(write, "  out[\"extras\"] = write(value.extras);\n"));
  EXPECT_TRUE(has(write, "  out[\"replacement\"] = write(value.replacement);\n"));
  // Declared before any is defined, so nesting order does not matter.
  EXPECT_LT(s.find("[[maybe_unused]] Json write(const api::LineItemDto& value);"),
            s.find("\nvoid read(const Json& j, const std::string& at, api::ItemDto& out) {"));
}

TEST(CppEmitter, AFieldlessDtoReadsOnlyAnEmptyObject) {
  std::string s = source();
  EXPECT_TRUE(has(s,
                  "\nvoid read(const Json& j, const std::string& at, api::EmptyDto&) {\n"
                  "  expect_fields(j, at, {});\n}\n"));
  EXPECT_TRUE(has(s, "\nJson write(const api::EmptyDto&) { return Json::object(); }\n"));
}

TEST(CppEmitter, ARunnerReadsEveryArgumentBeforeItCalls) {
  std::string run = body_of(source(), "\nWireReply run_add_line(");
  EXPECT_TRUE(has(run, "(api::OrderItemsService& service, const Json& args) {\n"));
  EXPECT_TRUE(has(run,
                  "  expect_fields(args, \"arguments\", {\"order_id\", \"line\", "
                  "\"quantity\", \"urgent\"});\n"));
  EXPECT_TRUE(has(run, "  std::string arg_order_id{};\n"));
  EXPECT_TRUE(has(run, "  api::LineItemDto arg_line{};\n"));
  EXPECT_TRUE(has(run, "  int arg_quantity{};\n"));
  EXPECT_TRUE(has(run, "  bool arg_urgent{};\n"));
  EXPECT_TRUE(has(run, "  read(args.at(\"line\"), \"line\", arg_line);\n"));
  EXPECT_LT(run.find("read(args.at(\"urgent\")"), run.find("service.add_line("));
  EXPECT_TRUE(has(
      run, "  return reply(service.add_line(arg_order_id, arg_line, arg_quantity, arg_urgent));"));
  std::string none = body_of(source(), "\nWireReply run_count_all(");
  EXPECT_TRUE(has(none,
                  "  expect_fields(args, \"arguments\", {});\n"
                  "  return reply(service.count_all());\n"));
}

TEST(CppEmitter, EveryMethodIsInTheTableInNameOrder) {
  std::string s = source();
  for (const char* name : {"count_all", "add_line", "find_line", "list_lines", "clear"})
    EXPECT_TRUE(has(s, "      {\"" + std::string(name) + "\", &run_" + name + "},\n")) << name;
}

TEST(CppEmitter, TheClientDeclaresAndDefinesThePortsSignatures) {
  std::string h = header();
  EXPECT_TRUE(has(h, "class OrderItemsClient final : public api::OrderItemsService {"));
  EXPECT_TRUE(has(h, "  api::Result<long long> count_all() override;\n"));
  EXPECT_TRUE(has(h,
                  "  api::Result<std::string> add_line(const std::string& order_id, const "
                  "api::LineItemDto& line, int quantity, bool urgent) override;\n"));
  EXPECT_TRUE(has(h,
                  "  api::Result<std::optional<api::LineItemDto>> find_line(const "
                  "std::string& line_id) override;\n"));
  EXPECT_TRUE(has(h, "  api::Result<std::vector<api::LineItemDto>> list_lines() override;\n"));
  EXPECT_TRUE(has(h, "  api::Status clear() override;\n"));
  EXPECT_TRUE(has(h, "#include \"order_items/api/order_items_service.h\""));
  EXPECT_TRUE(has(h, "namespace api = ::order_items::api;"));
  std::string s = source();
  std::string add = body_of(s, "\napi::Result<std::string> OrderItemsClient::add_line(");
  EXPECT_TRUE(has(add, "  encoded[\"order_id\"] = write(order_id);\n"));
  EXPECT_TRUE(has(add, "  encoded[\"urgent\"] = write(urgent);\n"));
  EXPECT_TRUE(has(add, "  return answer<std::string>(m_transport(\"add_line\", dump(encoded)));"));
  EXPECT_TRUE(has(s, "  return answer<std::monostate>(m_transport(\"clear\", dump(encoded)));"));
}

TEST(CppEmitter, OneDescribePerDistinctResultType) {
  Contract c = cpp_shapes_contract(
      service_test::k_cpp_shapes_dto,
      "class OrderItemsService {\n public:\n"
      "  virtual Result<std::string> a() = 0;\n  virtual Result<std::string> b() = 0;\n"
      "  virtual Status c() = 0;\n  virtual Status d() = 0;\n};\n");
  std::string h = cpp_codec_header(c, cpp_service_unit(c));
  EXPECT_EQ(count_of(h, "std::string describe("), 2);
  EXPECT_TRUE(has(h, "std::string describe(const api::Result<std::string>& answer);\n"));
  EXPECT_TRUE(has(h, "std::string describe(const api::Status& answer);\n"));
  EXPECT_EQ(count_of(cpp_codec_source(c, cpp_service_unit(c)), "\nstd::string describe("), 2);
}

TEST(CppEmitter, AnIntegerPassedByConstReferenceIsReadIntoAValue) {
  Contract c = cpp_shapes_contract(
      service_test::k_cpp_shapes_dto,
      "class OrderItemsService {\n public:\n"
      "  virtual Result<double> scale(const long long& times, const double& by) = 0;\n};\n");
  CppUnit u = cpp_service_unit(c);
  std::string s = cpp_codec_source(c, u);
  EXPECT_TRUE(has(s, "  long long arg_times{};\n")) << body_of(s, "\nWireReply run_scale(");
  EXPECT_TRUE(has(s, "  double arg_by{};\n"));
  EXPECT_TRUE(has(cpp_codec_header(c, u),
                  "  api::Result<double> scale(const long long& times, const double& by) "
                  "override;\n"));
}

TEST(CppEmitter, TheBillingFixtureNamesItsContextEverywhere) {
  Contract c = service_test::cpp_billing_contract();
  std::string h = cpp_codec_header(c, cpp_service_unit(c));
  EXPECT_TRUE(has(h, "class BillingClient final : public api::BillingService {"));
  EXPECT_TRUE(has(h, "  api::Result<api::BillingDto> get_one(const std::string& id) override;"));
}

TEST(CppEmitter, TheSameContractGivesTheSameBytes) {
  EXPECT_EQ(source(), source());
  EXPECT_EQ(header(), header());
}

TEST(CppEmitter, AFieldAddedChangesTheSourceButNotTheHeader) {
  Contract a = cpp_shapes_contract();
  Contract b = a;
  b.dtos[0].fields.push_back(
      Field{"colour", TypeRef{TypeRef::Kind::k_str, "", {}, "std::string"}, ""});
  CppUnit u = cpp_service_unit(a);
  EXPECT_NE(cpp_codec_source(a, u), cpp_codec_source(b, u));
  EXPECT_TRUE(
      has(cpp_codec_source(b, u), "  read(j.at(\"colour\"), at + \".colour\", out.colour);"));
  EXPECT_EQ(cpp_codec_header(a, u), cpp_codec_header(b, u));
}

}  // namespace
}  // namespace strata::service
