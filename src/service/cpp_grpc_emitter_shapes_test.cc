// The C++ grpc transport generated from a contract of every shape: one rpc
// override and one client branch per method of the port, named as the
// .proto names them, the CMake rules naming the context's generated files,
// every placeholder filled, and the text a function of its inputs.

#include <gtest/gtest.h>

#include "service/cpp_grpc_emitter.h"
#include "service/emitter_test_support.h"
#include "service/proto_emitter.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::cpp_shapes_contract;
using service_test::has;
using service_test::has_open_placeholder;

TEST(CppGrpcEmitterShapes, EveryFileHasEveryPlaceholderFilled) {
  Contract c = cpp_shapes_contract();
  for (const CppUnit& u : {cpp_service_unit(c), cpp_monolith_unit(c)})
    for (const std::string& text :
         {cpp_grpc_cmake_rules(c, "order_items_service_lib", "src/order_items.proto"),
          cpp_grpc_wire_header(c, u), cpp_grpc_wire_source(c, u), cpp_grpc_server_header(c, u),
          cpp_grpc_server_source(c, u), cpp_grpc_client_header(c, u), cpp_grpc_client_source(c, u),
          cpp_grpc_service_main(c, u, "/health")})
      EXPECT_FALSE(has_open_placeholder(text)) << text.substr(0, 300);
}

TEST(CppGrpcEmitterShapes, TheServerOverridesOneRpcPerMethod) {
  Contract c = cpp_shapes_contract();
  std::string s = cpp_grpc_server_source(c, cpp_service_unit(c));
  EXPECT_EQ(count_of(s, ") override {\n    return serve(context, \""), 5);
  for (const auto& m : c.methods) {
    std::string rpc = proto_rpc_name(m.name);
    EXPECT_TRUE(has(s, "  grpc::Status " + rpc + "(grpc::ServerContext* context, const proto::" +
                           rpc + "Call* request,\n"))
        << m.name;
    EXPECT_TRUE(has(s, "    return serve(context, \"" + m.name + "\", *request, *reply);\n"));
  }
  EXPECT_TRUE(has(s, "namespace proto = ::strata::order_items;"));
  EXPECT_TRUE(has(s, "class Service final : public proto::OrderItemsService::Service {"));
}

TEST(CppGrpcEmitterShapes, TheClientHasABranchPerMethodAndRefusesOthers) {
  Contract c = cpp_shapes_contract();
  std::string s = cpp_grpc_client_source(c, cpp_monolith_unit(c));
  EXPECT_EQ(count_of(s, "    if (method == \""), 5);
  EXPECT_TRUE(has(s,
                  "    if (method == \"add_line\")\n      return call<proto::AddLineCall, "
                  "proto::AddLineResult>(\n"));
  EXPECT_TRUE(has(s, "return stub->AddLine(context, request, reply); });\n"));
  EXPECT_TRUE(has(s, "return stub->CountAll(context, request, reply); });\n"));
  EXPECT_TRUE(has(s, "    return error_reply(404, \"unknown_method\", \"no method \" + method);"));
  EXPECT_LT(s.find("if (method == \"clear\")"), s.find("error_reply(404, \"unknown_method\""));
  EXPECT_TRUE(has(s, "proto::OrderItemsService::NewStub("));
  EXPECT_TRUE(has(s, "std::make_unique<OrderItemsClient>(grpc_transport("));
}

TEST(CppGrpcEmitterShapes, TheClientFindsTheServiceByTheContextsVariable) {
  Contract c = cpp_shapes_contract();
  std::string h = cpp_grpc_client_header(c, cpp_monolith_unit(c));
  EXPECT_TRUE(has(h, "k_grpc_target_variable = \"STRATA_SERVICE_ORDER_ITEMS_URL\";"));
  EXPECT_TRUE(has(h, "std::unique_ptr<api::OrderItemsService> grpc_client(std::string target"));
  EXPECT_TRUE(has(h, "namespace strata_monolith::order_items {"));
}

TEST(CppGrpcEmitterShapes, TheCmakeRulesNameTheContextsGeneratedFiles) {
  std::string r = cpp_grpc_cmake_rules(cpp_shapes_contract(), "svc_lib", "../proto/x.proto");
  EXPECT_TRUE(has(r, "set(order_items_proto \"${CMAKE_CURRENT_SOURCE_DIR}/../proto/x.proto\")"));
  EXPECT_TRUE(has(r,
                  "\"${order_items_grpc_out}/order_items.pb.cc\" "
                  "\"${order_items_grpc_out}/order_items.grpc.pb.cc\""));
  EXPECT_TRUE(has(r, "target_sources(svc_lib PRIVATE ${order_items_grpc_sources})"));
  EXPECT_TRUE(has(r, "target_link_libraries(svc_lib PUBLIC gRPC::grpc++ protobuf::libprotobuf)"));
  EXPECT_TRUE(has(r, "COMMENT \"protoc order_items.proto\""));
}

TEST(CppGrpcEmitterShapes, TheEntryPointAnswersTheHealthProbeBeforeItServes) {
  Contract c = cpp_shapes_contract();
  std::string m = cpp_grpc_service_main(c, cpp_service_unit(c), "/health");
  size_t probe = m.find("if (argc == 3 && std::string(argv[1]) == \"--health-probe\")");
  size_t grpc = m.find("order_items::service::serve_grpc(");
  ASSERT_NE(probe, std::string::npos) << "the image's HEALTHCHECK runs `/service --health-probe`";
  ASSERT_NE(grpc, std::string::npos);
  EXPECT_LT(probe, grpc);
  EXPECT_EQ(count_of(m, "int main("), 1);
  EXPECT_EQ(count_of(m, "int port_from("), 1);
  EXPECT_EQ(count_of(m, "signing_key();"), 1);
  EXPECT_TRUE(has(m, "#include \"order_items/service/grpc_server.h\""));
}

TEST(CppGrpcEmitterShapes, OnlyThePerMethodPartsFollowTheMethods) {
  Contract a = cpp_shapes_contract();
  Contract b = a;
  b.methods.pop_back();
  CppUnit u = cpp_service_unit(a);
  EXPECT_NE(cpp_grpc_server_source(a, u), cpp_grpc_server_source(b, u));
  EXPECT_NE(cpp_grpc_client_source(a, u), cpp_grpc_client_source(b, u));
  EXPECT_EQ(cpp_grpc_wire_source(a, u), cpp_grpc_wire_source(b, u));
  EXPECT_EQ(cpp_grpc_server_header(a, u), cpp_grpc_server_header(b, u));
  EXPECT_EQ(cpp_grpc_service_main(a, u, "/h"), cpp_grpc_service_main(b, u, "/h"));
  EXPECT_EQ(cpp_grpc_server_source(a, u), cpp_grpc_server_source(a, u));
}

}  // namespace
}  // namespace strata::service
