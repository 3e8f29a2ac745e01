#include "service/cpp_grpc_emitter.h"

#include <gtest/gtest.h>

#include "service/cpp_contract.h"

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
  EXPECT_TRUE(has(r, "target_sources(order_history_service PRIVATE ${order_history_grpc_sources})"));
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

}  // namespace
}  // namespace strata::service
