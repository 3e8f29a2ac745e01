// The project-level files of the generated Python projects: the service's
// and the monolith's project.json (targets per transport), the composition
// root per topology, and freshness.py run by Python on a generated
// project: current as generated, stale once an input changes.

#include "service/python_project.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "service/emitter_test_support.h"
#include "service/service_layout.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

using service_test::has;
using service_test::py_shapes_contract;
using service_test::python_syntax_error;
using service_test::run_command;

ServiceConfig config(Transport transport) {
  ServiceConfig s;
  s.context = "order_items";
  s.mode = ServiceMode::k_service;
  s.transport = transport;
  s.port = 8100;
  return s;
}

nlohmann::json service_project(Transport transport) {
  return nlohmann::json::parse(py_service_project_json(py_shapes_contract(), config(transport)));
}

Contract named(const std::string& context) {
  Contract c = py_shapes_contract();
  c.context = context;
  return c;
}

TEST(PythonProject, TheServiceProjectIsNamedInKebabCaseAndTagged) {
  auto j = service_project(Transport::k_http);
  EXPECT_EQ(j["name"], "order-items-service");
  EXPECT_EQ(j["sourceRoot"], "contexts/order_items/service/src");
  EXPECT_EQ(j["tags"], nlohmann::json({"type:service", "context:order_items", "lang:python"}));
  EXPECT_EQ(j["metadata"]["generated"], true);
  EXPECT_TRUE(has(j["metadata"]["description"].get<std::string>(), "served over http"));
}

TEST(PythonProject, TheServiceTargetsFindEveryLayerOfTheContext) {
  auto j = service_project(Transport::k_http);
  EXPECT_EQ(j["targets"]["build"]["options"]["env"]["PYTHONPATH"],
            "src:../../order_items/domain/src:../../order_items/api/src:"
            "../../order_items/application/src:../../order_items/infrastructure/src");
  EXPECT_EQ(j["targets"]["build"]["command"],
            "python3 -m compileall -q src && python3 -m order_items_service.freshness");
  EXPECT_EQ(j["targets"]["test"]["dependsOn"], nlohmann::json({"build"}));
  EXPECT_EQ(j["targets"]["serve"]["command"], "python3 -m order_items_service");
  EXPECT_EQ(j["targets"]["serve"]["cache"], false);
  EXPECT_TRUE(has(j["targets"]["lint"]["command"].get<std::string>(), "mypy --strict"));
  EXPECT_FALSE(j["targets"]["test"].contains("inputs"));
}

TEST(PythonProject, GrpcCompilesTheProtoAtBuildAndKafkaTestsDependOnTheBroker) {
  auto grpc = service_project(Transport::k_grpc);
  EXPECT_TRUE(has(grpc["targets"]["build"]["command"].get<std::string>(),
                  " && python3 -m grpc_tools.protoc -Isrc --descriptor_set_out=/dev/null "
                  "src/order_items_service/order_items.proto"));
  EXPECT_FALSE(grpc["targets"]["test"].contains("inputs"));
  auto kafka = service_project(Transport::k_kafka);
  EXPECT_EQ(kafka["targets"]["test"]["inputs"],
            nlohmann::json({"default", "^production", {{"env", "STRATA_KAFKA_BOOTSTRAP"}}}));
  EXPECT_FALSE(has(kafka["targets"]["build"]["command"].get<std::string>(), "protoc"));
}

TEST(PythonProject, TheMonolithFindsEveryContextsLayers) {
  auto j = nlohmann::json::parse(
      py_monolith_project_json({{"a_ctx", named("a_ctx")}, {"b", named("b")}}));
  EXPECT_EQ(j["name"], "monolith-python");
  std::string path = j["targets"]["test"]["options"]["env"]["PYTHONPATH"];
  EXPECT_TRUE(path.starts_with("src:../../contexts/a_ctx/domain/src:"));
  EXPECT_TRUE(has(path, ":../../contexts/b/infrastructure/src"));
  EXPECT_LT(path.find("a_ctx"), path.find("contexts/b/"));
}

TEST(PythonProject, TheCompositionRootCallsEachContextWhereTheTopologySays) {
  Topology t;
  ServiceConfig s = config(Transport::k_grpc);
  s.context = "remote_one";
  t.services["remote_one"] = s;
  std::map<std::string, Contract> cs = {{"local_one", named("local_one")},
                                        {"remote_one", named("remote_one")}};
  std::string m = py_composition_module(t, cs);
  EXPECT_TRUE(has(m, "from .local_one import wiring as local_one_wiring\n"));
  EXPECT_FALSE(has(m, "local_one_events"));
  EXPECT_TRUE(has(m, "from .remote_one import grpc_client as remote_one_grpc\n"));
  EXPECT_TRUE(has(m, "from .remote_one import kafka_events as remote_one_events\n"));
  EXPECT_TRUE(
      has(m, "    return local_one_contract.local_client(local_one_wiring.make_service())"));
  EXPECT_TRUE(has(m, "    return remote_one_grpc.grpc_client()\n"));
  EXPECT_TRUE(
      has(m, "        \"local_one\": partial(local_one_contract.dispatch, local_one()),\n"));
  EXPECT_TRUE(has(m, "    remote_one_events.start_consumer()\n"));
  EXPECT_EQ(python_syntax_error(m), "");
}

TEST(PythonProject, AMonolithOfLocalContextsStillParses) {
  std::string m = py_composition_module(Topology{}, {{"a", named("a")}});
  EXPECT_FALSE(has(m, "start_consumer"));
  EXPECT_EQ(python_syntax_error(m), "");
  EXPECT_EQ(python_syntax_error(py_monolith_main_module()), "");
}

TEST(PythonProject, TheMonolithTestsPointRemoteClientsSomewhereAndListEveryContext) {
  Topology t;
  for (auto [name, transport] :
       {std::pair{"g", Transport::k_grpc}, {"h", Transport::k_http}, {"k", Transport::k_kafka}}) {
    ServiceConfig s = config(transport);
    s.context = name;
    t.services[name] = s;
  }
  std::map<std::string, Contract> cs = {
      {"g", named("g")}, {"h", named("h")}, {"k", named("k")}, {"l", named("l")}};
  std::string m = py_monolith_tests(t, cs);
  EXPECT_TRUE(has(m, "monkeypatch.setenv(\"STRATA_SERVICE_G_URL\", \"127.0.0.1:9\")\n"));
  EXPECT_TRUE(has(m, "monkeypatch.setenv(\"STRATA_SERVICE_H_URL\", \"http://127.0.0.1:9\")\n"));
  EXPECT_FALSE(has(m, "STRATA_SERVICE_K_URL"));
  EXPECT_TRUE(has(m, "    assert sorted(routes()) == [\"g\", \"h\", \"k\", \"l\"]\n"));
  EXPECT_EQ(python_syntax_error(m), "");
}

TEST(PythonProject, ThePackageInitIsItsDocstring) {
  EXPECT_EQ(py_package_init("The thing."), "\"\"\"The thing.\"\"\"\n");
}

TEST(PythonProject, TheFreshnessModuleFindsTheWorkspaceRootAtItsDepth) {
  std::string f = py_freshness_module(5);
  EXPECT_TRUE(has(f, "ROOT = Path(__file__).resolve().parents[5]\n"));
  EXPECT_TRUE(has(py_freshness_module(4), "ROOT = Path(__file__).resolve().parents[4]\n"));
  EXPECT_EQ(python_syntax_error(f), "");
}

TEST(PythonProject, FreshnessRunByPythonPassesAsGeneratedAndFailsOnceAnInputChanges) {
  testutil::TempDir dir("strata-pyfresh");
  dir.write("contexts/order_items/api/dtos.py", service_test::k_py_shapes_dtos);
  dir.write("contexts/order_items/api/port.py", service_test::k_py_shapes_port);
  Topology t;
  t.services["order_items"] = config(Transport::k_grpc);
  Layout l =
      derive_layout(dir.root(), t, format_topology(t), {{"order_items", py_shapes_contract()}});
  for (const auto& [path, text] : l.files)
    if (path.starts_with("contexts/")) dir.write(path, text);
  std::string check = "cd '" + dir.root().string() +
                      "' && PYTHONDONTWRITEBYTECODE=1 python3 "
                      "contexts/order_items/service/src/order_items_service/freshness.py";
  auto [fresh, fresh_out] = run_command(check);
  EXPECT_EQ(fresh, 0) << fresh_out;
  dir.write("contexts/order_items/api/port.py", std::string(service_test::k_py_shapes_port) + "\n");
  auto [stale, stale_out] = run_command(check);
  EXPECT_EQ(stale, 1) << stale_out;
  EXPECT_TRUE(
      has(stale_out, "contexts/order_items/service/src/order_items_service/contract.py: stale"))
      << stale_out;
  EXPECT_TRUE(has(stale_out, "order_items_service/order_items.proto: stale")) << stale_out;
}

}  // namespace
}  // namespace strata::service
