// The generated C++ service project per transport: the files each one adds,
// every header naming the inputs the file depends on (the entry point and
// tests the topology too), and freshness.cmake run by CMake on a generated
// project: current as generated, stale once an input changes.

#include <gtest/gtest.h>

#include <algorithm>

#include "service/cpp_project.h"
#include "service/emitter_test_support.h"
#include "service/generated_header.h"
#include "service/service_layout.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

using service_test::cpp_shapes_contract;
using service_test::has;
using service_test::run_command;

const std::string k_api = "contexts/order_items/api/src/order_items/api/";
const std::string k_src = "contexts/order_items/service/src/order_items/service/";

ServiceConfig config(Transport transport) {
  ServiceConfig s;
  s.context = "order_items";
  s.mode = ServiceMode::k_service;
  s.transport = transport;
  s.port = 8100;
  return s;
}

std::vector<std::string> paths(Transport transport) {
  std::vector<std::string> out;
  for (const auto& f : cpp_service_files(cpp_shapes_contract(), config(transport)))
    out.push_back(f.path);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(CppProjectShapes, EachTransportAddsItsOwnFiles) {
  auto http = paths(Transport::k_http);
  auto grpc = paths(Transport::k_grpc);
  auto kafka = paths(Transport::k_kafka);
  for (const auto* all : {&http, &grpc, &kafka}) {
    EXPECT_TRUE(contains(*all, k_src + "codec.cc"));
    EXPECT_TRUE(contains(*all, k_src + "http_server.cc")) << "health and metrics";
    EXPECT_TRUE(contains(*all, k_src + "main.cc"));
    EXPECT_TRUE(contains(*all, "contexts/order_items/service/cmake/freshness.cmake"));
  }
  EXPECT_TRUE(contains(grpc, k_src + "order_items.proto"));
  EXPECT_TRUE(contains(grpc, k_src + "grpc_server.cc"));
  EXPECT_FALSE(contains(http, k_src + "order_items.proto"));
  EXPECT_FALSE(contains(kafka, k_src + "grpc_server.cc"));
  EXPECT_TRUE(contains(kafka, k_src + "kafka_server.cc"));
  EXPECT_FALSE(contains(grpc, k_src + "kafka_server.cc"));
  EXPECT_EQ(http.size() + 7, grpc.size());
  EXPECT_EQ(http.size() + 4, kafka.size());
}

TEST(CppProjectShapes, OnlyTheEntryPointAndTestsNameTheTopology) {
  for (const auto& f : cpp_service_files(cpp_shapes_contract(), config(Transport::k_grpc))) {
    if (f.comment.empty()) {
      EXPECT_TRUE(f.path.ends_with(".json")) << f.path;
      continue;
    }
    bool topology = contains(f.inputs, std::string(k_topology_file));
    bool entry = f.path.ends_with("/main.cc") || f.path.ends_with("/contract_test.cc");
    EXPECT_EQ(topology, entry) << f.path;
    EXPECT_EQ(f.inputs.front(), k_api + "dto.h") << f.path;
    EXPECT_EQ(f.inputs[1], k_api + "order_items_service.h") << f.path;
    EXPECT_EQ(f.comment, f.path.ends_with(".txt") || f.path.ends_with(".cmake") ? "#" : "//")
        << f.path;
  }
}

TEST(CppProjectShapes, TheEntryPointUsesTheTopologysHealthPath) {
  ServiceConfig cfg = config(Transport::k_kafka);
  cfg.health.path = "/livez";
  for (const auto& f : cpp_service_files(cpp_shapes_contract(), cfg))
    if (f.path.ends_with("/main.cc") || f.path.ends_with("/contract_test.cc")) {
      EXPECT_TRUE(has(f.text, "\"/livez\"")) << f.path;
    }
}

TEST(CppProjectShapes, FreshnessRunByCmakePassesAsGeneratedAndFailsOnceAnInputChanges) {
  testutil::TempDir dir("strata-cppfresh");
  dir.write(k_api + "dto.h", service_test::k_cpp_shapes_dto);
  dir.write(k_api + "order_items_service.h", service_test::k_cpp_shapes_port);
  Topology t;
  t.services["order_items"] = config(Transport::k_grpc);
  std::string topology = format_topology(t);
  dir.write(std::string(k_topology_file), topology);
  Layout l = derive_layout(dir.root(), t, topology, {{"order_items", cpp_shapes_contract()}});
  int written = 0;
  for (const auto& [path, text] : l.files)
    if (path.starts_with("contexts/order_items/service/")) {
      dir.write(path, text);
      ++written;
    }
  ASSERT_GT(written, 10);
  std::string project = dir.path("contexts/order_items/service").string();
  // Its scratch folder goes to the working directory, as to the build's.
  std::string check = "cd '" + dir.path("build").string() + "' && cmake -DROOT='" +
                      dir.root().string() + "' -DPROJECT='" + project + "' -P '" + project +
                      "/cmake/freshness.cmake'";
  dir.mkdir("build");
  auto [fresh, fresh_out] = run_command(check);
  EXPECT_EQ(fresh, 0) << fresh_out;
  // The topology changes: only what names it is stale.
  dir.write(std::string(k_topology_file), topology + " ");
  auto [moved, moved_out] = run_command(check);
  EXPECT_NE(moved, 0);
  EXPECT_TRUE(has(moved_out, "src/order_items/service/main.cc: stale")) << moved_out;
  EXPECT_FALSE(has(moved_out, "codec.cc: stale")) << moved_out;
  // The port changes: every file generated from it is stale.
  dir.write(std::string(k_topology_file), topology);
  dir.write(k_api + "order_items_service.h", std::string(service_test::k_cpp_shapes_port) + "\n");
  auto [stale, stale_out] = run_command(check);
  EXPECT_NE(stale, 0);
  EXPECT_TRUE(has(stale_out, "src/order_items/service/codec.cc: stale")) << stale_out;
  EXPECT_TRUE(has(stale_out, "src/order_items/service/order_items.proto: stale")) << stale_out;
  EXPECT_TRUE(has(stale_out, "generated files are stale")) << stale_out;
}

TEST(CppProjectShapes, TheFreshnessScriptHashesTheBytesAsStrataDoes) {
  // Carriage returns (a checkout with CRLF line ends), semicolons (CMake's
  // list separator), brackets and bytes beyond ASCII: hashed as they are.
  testutil::TempDir dir("strata-cppfresh");
  std::string input = "api/a.h";
  dir.write(input, "// \xc3\xa9t\xc3\xa9; [x]\r\nint x;\r\n");
  dir.write("api/empty.h", "");
  std::vector<std::string> inputs = {input, "api/empty.h", "api/missing.h"};
  std::string header = generated_header("//", inputs_hash(dir.root(), inputs), inputs);
  dir.write("project/src/gen.cc", header + "int y;\n");
  dir.write("project/cmake/freshness.cmake", cpp_freshness_script());
  dir.mkdir("build");
  std::string check = "cd '" + dir.path("build").string() + "' && cmake -DROOT='" +
                      dir.root().string() + "' -DPROJECT='" + dir.path("project").string() +
                      "' -P '" + dir.path("project/cmake/freshness.cmake").string() + "'";
  auto [status, out] = run_command(check);
  EXPECT_EQ(status, 0) << out;
  dir.write(input, "// \xc3\xa9t\xc3\xa9; [x]\nint x;\r\n");
  auto [changed, changed_out] = run_command(check);
  EXPECT_NE(changed, 0) << "a carriage return less is a change";
  EXPECT_TRUE(has(changed_out, "project/src/gen.cc: stale")) << changed_out;
}

}  // namespace
}  // namespace strata::service
