#include "service/python_grpc_emitter.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

Contract contract() {
  auto c = parse_python_contract(
      "order_history", "@dataclass(frozen=True)\nclass ADto:\n    id: str\n", "dtos.py",
      "class HistoryService(Protocol):\n    def get(self, id: str) -> ADto: ...\n"
      "    def list_all(self) -> list[ADto]: ...\n",
      "port.py");
  EXPECT_TRUE(c.ok());
  return *c;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(PythonGrpcEmitter, FillTemplateReplacesEveryHoleItKnows) {
  EXPECT_EQ(fill_template("@@A@@-@@A@@ @@B@@ @@C@@", {{"A", "x"}, {"B", "@@A@@"}}),
            "x-x @@A@@ @@C@@");
}

TEST(PythonGrpcEmitter, EnvNamesAreUpperCaseWithUnderscores) {
  EXPECT_EQ(env_name("order_history"), "ORDER_HISTORY");
  EXPECT_EQ(env_name("order-history"), "ORDER_HISTORY");
}

TEST(PythonGrpcEmitter, TheWireModuleNamesTheProtoTheServiceAndEachMethodsMessages) {
  std::string w = py_grpc_wire_module(contract(), "strata_monolith/order_history");
  EXPECT_TRUE(has(w, "PROTO = \"strata_monolith/order_history/order_history.proto\""));
  EXPECT_TRUE(has(w, "SERVICE = \"strata.order_history.HistoryService\""));
  EXPECT_TRUE(has(w, "    \"list_all\": (\"ListAll\", \"ListAllCall\", \"ListAllResult\"),\n"));
  EXPECT_FALSE(has(w, "@@"));
}

TEST(PythonGrpcEmitter, TheServerRefusesWithoutATokenAndMapsErrorsToStatusCodes) {
  std::string s = py_grpc_server_module(contract());
  EXPECT_TRUE(has(s, "context.abort(grpc.StatusCode.UNAUTHENTICATED, UNAUTHORIZED.decode())"));
  EXPECT_TRUE(has(s, "404: grpc.StatusCode.NOT_FOUND"));
  EXPECT_TRUE(has(s, "observe(method, status, time.perf_counter() - started)"));
  EXPECT_FALSE(has(s, "@@"));
}

TEST(PythonGrpcEmitter, TheClientSignsEachCallAndFindsTheServiceByItsVariable) {
  std::string c = py_grpc_client_module(contract());
  EXPECT_TRUE(has(c, "URL_VARIABLE = \"STRATA_SERVICE_ORDER_HISTORY_URL\""));
  EXPECT_TRUE(has(c, "metadata = ((\"authorization\", f\"Bearer {issue_token()}\"),)"));
  EXPECT_TRUE(has(c, "def grpc_client(target: str | None = None) -> OrderHistoryClient:"));
}

TEST(PythonGrpcEmitter, TheEntryPointServesGrpcBesideTheHealthPort) {
  std::string m = py_grpc_main_module(contract());
  EXPECT_TRUE(has(m, "grpc_port = os.environ.get(\"GRPC_PORT\", \"\") or str(int(port) + 1)"));
  EXPECT_TRUE(has(m, "create_health_app(lambda: True)"));
  EXPECT_TRUE(
      has(m, "raise SystemExit(\"PORT is not set: the port to serve health and metrics on\")"));
  EXPECT_TRUE(has(m, "    finally:\n        server.stop(grace=2).wait()\n"));
}

TEST(PythonGrpcEmitter, TheContractTestsWaitForTheServicesHealth) {
  std::string t = py_grpc_contract_tests(contract());
  EXPECT_TRUE(has(t, "def _wait_healthy(url: str, process: subprocess.Popen[bytes]) -> None:"));
  EXPECT_TRUE(has(t, "raise RuntimeError(\"the service did not become healthy in 30 s\")"));
}

TEST(PythonGrpcEmitter, TheContractTestsCompareInProcessAndGrpcAndImportOnlyUsedDtos) {
  std::string t = py_grpc_contract_tests(contract());
  EXPECT_TRUE(has(t, "def test_in_process_and_grpc_give_the_same_results"));
  EXPECT_TRUE(has(t, "rpc, call, result = METHODS[\"get\"]"));
  EXPECT_FALSE(has(t, "@@"));
  EXPECT_FALSE(has(t, "from order_history_api.dtos import"));  // no DTO is built by a sample
}

}  // namespace
}  // namespace strata::service
