#include "service/cpp_grpc_emitter.h"

#include <gtest/gtest.h>

#include "service/cpp_contract.h"
#include "service/cpp_test_support.h"

namespace strata::service {
namespace {

Contract contract() {
  Contract c;
  c.context = "order_history";
  c.language = "cpp";
  c.port = "HistoryService";
  return c;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(CppGrpcEmitter, TheCmakeRulesRunProtocWithTheGrpcPluginAtBuildTime) {
  std::string r = cpp_grpc_cmake_rules(contract(), "order_history_service", "order_history.proto");
  EXPECT_TRUE(has(r, "find_package(gRPC CONFIG REQUIRED)"));
  EXPECT_TRUE(has(r, "find_program(GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)"));
  EXPECT_TRUE(has(r, "--plugin=protoc-gen-grpc=${GRPC_CPP_PLUGIN}"));
  EXPECT_TRUE(has(r, "\"${order_history_grpc_out}/order_history.grpc.pb.h\""));
  EXPECT_TRUE(
      has(r, "target_sources(order_history_service PRIVATE ${order_history_grpc_sources})"));
  EXPECT_TRUE(has(r, "target_link_libraries(order_history_service PUBLIC gRPC::grpc++"));
  EXPECT_FALSE(has(r, "@"));
}

TEST(CppGrpcEmitter, TheWireModuleLivesInTheUnitsNamespaceAndInclude) {
  Contract c = contract();
  CppUnit u = cpp_service_unit(c);
  std::string h = cpp_grpc_wire_header(c, u);
  std::string s = cpp_grpc_wire_source(c, u);
  EXPECT_TRUE(has(h, "namespace " + u.ns + " {"));
  EXPECT_TRUE(has(h, "nlohmann::json from_message(const google::protobuf::Message& message);"));
  EXPECT_TRUE(has(s, "#include \"" + u.include_dir + "/grpc_wire.h\""));
  EXPECT_FALSE(has(h + s, "@NS@"));
  EXPECT_FALSE(has(h + s, "@INC@"));
}

TEST(CppGrpcEmitter, AnAbsentOptionalIsNullAndANullIsLeftAbsent) {
  std::string s = cpp_grpc_wire_source(contract(), cpp_service_unit(contract()));
  EXPECT_TRUE(has(s, "f->has_presence() && !r->HasField(message, f)"));
  EXPECT_TRUE(has(s, "if (found == data.end() || found->is_null()) continue;"));
}

Contract contract_with_methods() { return service_test::cpp_billing_contract(); }

TEST(CppGrpcEmitter, TheServerChecksTheTokenAndMapsTheContractsErrorsToStatusCodes) {
  Contract c = contract_with_methods();
  std::string s = cpp_grpc_server_source(c, cpp_service_unit(c));
  EXPECT_TRUE(has(s,
                  "grpc::Status GetOne(grpc::ServerContext* context, const proto::GetOneCall* "
                  "request,"));
  EXPECT_TRUE(has(s, "return serve(context, \"get_one\", *request, *reply);"));
  EXPECT_TRUE(has(s, "return {grpc::StatusCode::UNAUTHENTICATED, answer.body};"));
  EXPECT_TRUE(has(s, "case 422:\n      return grpc::StatusCode::FAILED_PRECONDITION;"));
  EXPECT_TRUE(has(s, "namespace proto = ::strata::billing;"));
  EXPECT_FALSE(has(s, "@"));
}

TEST(CppGrpcEmitter, TheClientSignsEachCallAndFindsTheServiceWhereUpPutsIt) {
  Contract c = contract_with_methods();
  CppUnit u = cpp_monolith_unit(c);
  std::string h = cpp_grpc_client_header(c, u);
  std::string s = cpp_grpc_client_source(c, u);
  EXPECT_TRUE(has(h, "k_grpc_target_variable = \"STRATA_SERVICE_BILLING_URL\""));
  EXPECT_TRUE(has(s, "context.AddMetadata(\"authorization\", \"Bearer \" + issue_token("));
  EXPECT_TRUE(has(s, "return stub->GetOne(context, request, reply);"));
  EXPECT_TRUE(has(s, "case grpc::StatusCode::UNAUTHENTICATED:\n      return 401;"));
  EXPECT_FALSE(has(h + s, "@"));
}

TEST(CppGrpcEmitter, TheEntryPointServesGrpcBesideTheHealthPort) {
  Contract c = contract_with_methods();
  std::string m = cpp_grpc_service_main(c, cpp_service_unit(c), "/healthz");
  EXPECT_TRUE(has(m, "grpc_variable && *grpc_variable ? port_from(grpc_variable) : port + 1"));
  EXPECT_TRUE(has(m, "HttpServer http(context.service(), key, \"/healthz\");"));
  EXPECT_TRUE(has(m, "http.observe(method, status, seconds);"));
}

}  // namespace
}  // namespace strata::service
