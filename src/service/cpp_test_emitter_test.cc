// The C++ contract tests generated from contracts of every shape: a sample
// per DTO built field by field, every method called with samples of its
// parameters' types, the strictness checks spoiling each argument of the
// first method that takes any, the transport's own suite added, and the
// monolith's sample request.

#include "service/cpp_test_emitter.h"

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::cpp_shapes_contract;
using service_test::has;

std::string tests(Transport t = Transport::k_http) {
  Contract c = cpp_shapes_contract();
  return cpp_contract_tests(c, cpp_service_unit(c), "/health", t);
}

TEST(CppTestEmitter, EachDtoHasASampleBuiltFromSamplesOfItsFields) {
  std::string t = tests();
  EXPECT_TRUE(has(t, "api::ItemDto sample_item_dto(const std::string& id);\n"));
  EXPECT_TRUE(has(t,
                  "[[maybe_unused]] api::LineItemDto sample_line_item_dto([[maybe_unused]] "
                  "const std::string& id) {\n  api::LineItemDto value{};\n"
                  "  value.line_id = id;\n"
                  "  value.item = sample_item_dto(id);\n"
                  "  value.extras = {};\n"
                  "  value.replacement = std::nullopt;\n"
                  "  return value;\n}\n"));
  EXPECT_TRUE(has(t,
                  "  value.sku = \"sample\";\n  value.quantity = 1;\n  value.price = 1.0;\n"
                  "  value.gift = true;\n  value.note = std::nullopt;\n  value.tags = {};\n"));
  EXPECT_TRUE(has(t, "api::EmptyDto value{};\n  return value;\n"));
  // Every sample is declared before any is defined: they build each other.
  EXPECT_LT(t.find("api::EmptyDto sample_empty_dto(const std::string& id);"),
            t.find("[[maybe_unused]] api::ItemDto sample_item_dto("));
}

TEST(CppTestEmitter, TheScenarioCallsEveryMethodWithSamples) {
  std::string t = tests();
  EXPECT_TRUE(has(t, "  answers.push_back(\"count_all \" + describe(service.count_all()));\n"));
  EXPECT_TRUE(has(t,
                  "  answers.push_back(\"add_line \" + describe(service.add_line(id, "
                  "sample_line_item_dto(id), 1, true)));\n"));
  EXPECT_TRUE(has(t, "describe(service.find_line(id))"));
  EXPECT_TRUE(has(t, "describe(service.clear())"));
  EXPECT_EQ(count_of(t, "  answers.push_back(\""), 5);
  EXPECT_TRUE(has(t,
                  "  call_every_method(service, \"contract-id-1\", answers);\n"
                  "  call_every_method(service, \"missing-id\", answers);\n"));
}

TEST(CppTestEmitter, TheStrictnessChecksSpoilEachArgumentOfTheFirstMethodTakingAny) {
  std::string t = tests();
  // count_all takes nothing: add_line is the first that takes any.
  EXPECT_TRUE(has(t,
                  "  static_cast<void>(capture.add_line(id, sample_line_item_dto(id), 1, "
                  "true));\n"));
  EXPECT_TRUE(has(t, "return dispatch(context.service(), \"add_line\", args.dump()).status;"));
  for (const char* p : {"order_id", "line", "quantity", "urgent"})
    EXPECT_TRUE(has(t, "a.erase(\"" + std::string(p) + "\"); }), 400);")) << p;
  EXPECT_TRUE(has(t, "a[\"order_id\"] = 42; }), 400);"));
  EXPECT_TRUE(has(t, "a[\"line\"] = 42; }), 400);"));
  EXPECT_TRUE(has(t, "a[\"quantity\"] = \"text\"; }), 400);"));
  EXPECT_TRUE(has(t, "a[\"urgent\"] = 42; }), 400);"));
  EXPECT_TRUE(has(t, "a[\"line\"][\"unexpected\"] = 1; }), 400);")) << "only a DTO has fields";
  EXPECT_FALSE(has(t, "a[\"quantity\"][\"unexpected\"]"));
}

TEST(CppTestEmitter, APortWhoseMethodsTakeNothingHasNoStrictnessChecks) {
  Contract c = cpp_shapes_contract(service_test::k_cpp_shapes_dto,
                                   "class OrderItemsService {\n public:\n"
                                   "  virtual Result<long long> count_all() = 0;\n};\n");
  std::string t = cpp_contract_tests(c, cpp_service_unit(c), "/health");
  EXPECT_FALSE(has(t, "capture("));
  EXPECT_FALSE(has(t, "@STRICT@"));
  EXPECT_TRUE(has(t, "describe(service.count_all())"));
}

TEST(CppTestEmitter, EachTransportAddsItsOwnClientAndSuite) {
  std::string http = tests(Transport::k_http);
  std::string grpc = tests(Transport::k_grpc);
  std::string kafka = tests(Transport::k_kafka);
  EXPECT_FALSE(has(http, "grpc_client.h"));
  EXPECT_FALSE(has(http, "kafka_client.h"));
  EXPECT_TRUE(has(grpc, "#include \"order_items/service/grpc_client.h\"\n"));
  EXPECT_TRUE(has(grpc, "std::string grpc_target(const ServiceProcess& process) {"));
  EXPECT_FALSE(has(grpc, "kafka_client.h"));
  EXPECT_TRUE(has(kafka, "#include \"order_items/service/kafka_client.h\"\n"));
  EXPECT_TRUE(has(kafka, "TEST_F(ContractTest, InProcessAndKafkaGiveTheSameAnswers)"));
  for (const std::string& t : {http, grpc, kafka}) {
    EXPECT_TRUE(has(t, "client.Post(\"/rpc/count_all\", headers, \"{}\", \"application/json\")"));
    EXPECT_TRUE(has(t, "method=\"count_all\",status=\"401\""));
    EXPECT_FALSE(has(t, "@GRPC_TESTS@"));
    EXPECT_FALSE(has(t, "@KAFKA_TESTS@"));
    EXPECT_FALSE(has(t, "@SETUP@"));
    EXPECT_FALSE(has(t, "@FIRST@"));
  }
}

TEST(CppTestEmitter, TheSampleRequestCallsTheFirstMethod) {
  Contract c = cpp_shapes_contract();
  std::string r = cpp_sample_request(c, cpp_monolith_unit(c));
  EXPECT_TRUE(r.starts_with("namespace strata_monolith::order_items {\nnamespace {\n"));
  EXPECT_TRUE(has(r, "// The JSON body the client sends for count_all with sample arguments."));
  EXPECT_TRUE(has(r, "  OrderItemsClient capture([&sent]"));
  EXPECT_TRUE(has(r, "  static_cast<void>(capture.count_all());\n"));
  Contract first_takes = cpp_shapes_contract(
      service_test::k_cpp_shapes_dto,
      "class OrderItemsService {\n public:\n"
      "  virtual Result<std::string> open(const LineItemDto& line, double weight) = 0;\n};\n");
  std::string o = cpp_sample_request(first_takes, cpp_monolith_unit(first_takes));
  EXPECT_TRUE(has(o, "  static_cast<void>(capture.open(sample_line_item_dto(id), 1.0));\n"));
}

TEST(CppTestEmitter, TheTestsAreAFunctionOfTheirInputs) {
  EXPECT_EQ(tests(), tests());
  Contract c = cpp_shapes_contract();
  CppUnit u = cpp_service_unit(c);
  EXPECT_NE(cpp_contract_tests(c, u, "/health"), cpp_contract_tests(c, u, "/ready"));
  EXPECT_TRUE(has(cpp_contract_tests(c, u, "/ready"), "k_health_path = \"/ready\";"));
}

}  // namespace
}  // namespace strata::service
