// The Python grpc, kafka and events modules and what every transport's
// service shares, generated from contracts of every shape: each parses as
// Python, names the context in the form its place needs, carries every
// method, and depends on the contract alone.

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"
#include "service/python_emitter.h"
#include "service/python_events_emitter.h"
#include "service/python_grpc_emitter.h"
#include "service/python_kafka_emitter.h"
#include "service/python_transport.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::has;
using service_test::py_shapes_contract;
using service_test::python_syntax_error;

// A port whose first method takes nothing and cannot fail.
Contract no_arg_first() { return py_shapes_contract(); }

// A port whose first method needs an id that no call has returned yet.
Contract id_first() {
  return py_shapes_contract(service_test::k_py_shapes_dtos,
                            "class OrderItemsNotFoundError(LookupError):\n    pass\n\n"
                            "class OrderItemsService(Protocol):\n"
                            "    def get(self, line_id: str) -> LineItemDto: ...\n"
                            "    def open(self, note: str) -> str: ...\n");
}

TEST(PythonTransportShapes, EveryTransportModuleParsesAsPython) {
  Contract c = no_arg_first();
  PyHealthMain m{"Serves it.",
                 "import signal\n",
                 "from .health_server import create_health_app\n",
                 "    host = \"127.0.0.1\"\n",
                 "lambda: True",
                 "        pass\n"};
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"grpc_wire.py", py_grpc_wire_module(c, "order_items_service")},
           {"grpc_client.py", py_grpc_client_module(c)},
           {"grpc_server.py", py_grpc_server_module(c)},
           {"grpc __main__.py", py_grpc_main_module(c)},
           {"grpc test_contract.py", py_grpc_contract_tests(c)},
           {"kafka_client.py", py_kafka_client_module(c)},
           {"kafka_server.py", py_kafka_server_module(c)},
           {"kafka __main__.py", py_kafka_main_module(c)},
           {"kafka test_contract.py", py_kafka_contract_tests(c)},
           {"outbox.py", py_outbox_module(c)},
           {"kafka_events.py", py_kafka_events_module(c)},
           {"metrics.py", py_metrics_module(c)},
           {"health_server.py", py_health_server_module(c)},
           {"health __main__.py", py_health_main_module(c, m)}})
    EXPECT_EQ(python_syntax_error(text), "") << name;
}

TEST(PythonTransportShapes, NoTemplateHoleIsLeftOpen) {
  Contract c = no_arg_first();
  for (const std::string& text :
       {py_grpc_wire_module(c, "x"), py_grpc_client_module(c), py_grpc_server_module(c),
        py_grpc_main_module(c), py_grpc_contract_tests(c), py_kafka_client_module(c),
        py_kafka_server_module(c), py_kafka_main_module(c), py_kafka_contract_tests(c),
        py_outbox_module(c), py_kafka_events_module(c), py_metrics_module(c),
        py_health_server_module(c), py_service_process_helpers(7)})
    EXPECT_FALSE(has(text, "@@")) << text.substr(0, 200);
}

TEST(PythonTransportShapes, TheGrpcWireHasOneRowPerMethodInPascalCase) {
  std::string w = py_grpc_wire_module(no_arg_first(), "strata_monolith/order_items");
  EXPECT_TRUE(has(w, "PROTO = \"strata_monolith/order_items/order_items.proto\"\n"));
  EXPECT_TRUE(has(w, "SERVICE = \"strata.order_items.OrderItemsService\"\n"));
  EXPECT_TRUE(has(w, "    \"count_all\": (\"CountAll\", \"CountAllCall\", \"CountAllResult\"),\n"));
  EXPECT_TRUE(has(w, "    \"add_line\": (\"AddLine\", \"AddLineCall\", \"AddLineResult\"),\n"));
  EXPECT_TRUE(has(w, "    \"clear\": (\"Clear\", \"ClearCall\", \"ClearResult\"),\n"));
  EXPECT_EQ(count_of(w, "Call\", \""), 6);
}

TEST(PythonTransportShapes, TheGrpcClientAndServerNameTheContextsClientAndPort) {
  Contract c = no_arg_first();
  std::string client = py_grpc_client_module(c);
  EXPECT_TRUE(has(client, "from .contract import OrderItemsClient\n"));
  EXPECT_TRUE(has(client, "URL_VARIABLE = \"STRATA_SERVICE_ORDER_ITEMS_URL\"\n"));
  EXPECT_TRUE(has(client, "def grpc_client(target: str | None = None) -> OrderItemsClient:\n"));
  EXPECT_TRUE(has(client, "    grpc.StatusCode.DEADLINE_EXCEEDED: 504,\n"));
  std::string server = py_grpc_server_module(c);
  EXPECT_TRUE(has(server, "from order_items_api.port import OrderItemsService\n"));
  EXPECT_TRUE(has(server, "def serve(service: OrderItemsService, host: str, port: int)"));
  EXPECT_TRUE(has(server, "    422: grpc.StatusCode.FAILED_PRECONDITION,\n"));
}

TEST(PythonTransportShapes, TheKafkaModulesUseTheContextsTopicsAndGroup) {
  Contract c = no_arg_first();
  std::string client = py_kafka_client_module(c);
  EXPECT_TRUE(has(client, "REQUEST_TOPIC = \"strata.order_items.requests\"\n"));
  EXPECT_TRUE(has(client, "REPLY_TOPIC_PREFIX = \"strata.order_items.replies.\"\n"));
  EXPECT_TRUE(has(client, "SERVICE_GROUP = \"order_items-service\"\n"));
  EXPECT_TRUE(has(client, "from .contract import OrderItemsClient\n"));
  std::string server = py_kafka_server_module(c);
  EXPECT_TRUE(has(server, "OrderItemsService"));
  std::string events = py_kafka_events_module(c);
  EXPECT_TRUE(has(events, "strata.order_items.events"));
}

TEST(PythonTransportShapes, EachTransportsContractTestsCallTheFirstMethod) {
  Contract c = id_first();
  EXPECT_TRUE(has(py_grpc_contract_tests(c), "rpc, call, result = METHODS[\"get\"]"));
  EXPECT_TRUE(has(py_kafka_contract_tests(c), "return transport(\"get\", b\"{}\")[0]"));
}

TEST(PythonTransportShapes, KafkaMetricsExpectTheStatusTheirCallAnswered) {
  // count_all() takes nothing: `{}` is a valid call of it, answered 200, not 400.
  std::string t = py_kafka_contract_tests(no_arg_first());
  EXPECT_FALSE(has(t, "method=\"count_all\",status=\"400\""));
  EXPECT_TRUE(has(t, "count_all"));
}

TEST(PythonTransportShapes, GrpcMetricsDoNotPresumeTheFirstCallSucceeds) {
  // get(line_id) is first called with an id nobody has: it answers 404.
  std::string t = py_grpc_contract_tests(id_first());
  EXPECT_FALSE(has(t, "method=\"get\",status=\"200\""));
  EXPECT_TRUE(has(t, "strata_service_request_seconds_count{method=\"get\"}"));
}

TEST(PythonTransportShapes, RemoteContractTestsImportOnlyTheDtosTheSamplesBuild) {
  Contract c = no_arg_first();
  for (const std::string& t : {py_grpc_contract_tests(c), py_kafka_contract_tests(c)}) {
    EXPECT_TRUE(has(t,
                    "from order_items_api.dtos import (\n    ItemDto,\n    LineItemDto,\n"
                    "    EmptyDto,\n)\n"));
    EXPECT_TRUE(has(t, "    record(lambda: service.add_line(an_id(), arg_1, 1, True))\n"));
  }
  Contract ids = id_first();
  EXPECT_FALSE(has(py_grpc_contract_tests(ids), "order_items_api.dtos"));
}

TEST(PythonTransportShapes, MetricsKnowEveryMethodOfThePort) {
  std::string m = py_metrics_module(no_arg_first());
  for (const char* name : {"count_all", "add_line", "find_line", "list_lines", "clear", "ping"})
    EXPECT_TRUE(has(m, std::string("\"") + name + "\"")) << name;
}

TEST(PythonTransportShapes, TheHealthMainPutsEachPartWhereItSays) {
  PyHealthMain m{"Serves the thing.",
                 "import signal\n",
                 "from .health_server import create_health_app\n",
                 "    host = \"127.0.0.1\"\n    started = start()\n",
                 "started.ready",
                 "        started.stop()\n"};
  std::string text = py_health_main_module(no_arg_first(), m);
  EXPECT_TRUE(text.starts_with("\"\"\"Serves the thing."));
  EXPECT_TRUE(has(text, "import signal\n"));
  EXPECT_TRUE(has(text, "from .health_server import create_health_app\n"));
  EXPECT_TRUE(has(text, "create_health_app(started.ready)"));
  size_t start = text.find("    started = start()\n");
  size_t stop = text.find("    finally:\n        started.stop()\n");
  ASSERT_NE(start, std::string::npos);
  ASSERT_NE(stop, std::string::npos);
  EXPECT_LT(start, stop);
  EXPECT_LT(text.find(py_main_port_check("health and metrics on")), start);
}

TEST(PythonTransportShapes, TheProcessHelpersWaitAsLongAsTold) {
  EXPECT_TRUE(has(py_service_process_helpers(45), "the service did not become healthy in 45 s"));
  EXPECT_NE(py_service_process_helpers(45), py_service_process_helpers(30));
}

TEST(PythonTransportShapes, TheServiceFilesOfEachTransportAreItsOwn) {
  Contract c = no_arg_first();
  auto paths = [&](Transport t) {
    std::vector<std::string> out;
    for (const auto& f : py_service_transport_files(c, t)) out.push_back(f.path);
    return out;
  };
  auto grpc = paths(Transport::k_grpc);
  auto kafka = paths(Transport::k_kafka);
  EXPECT_NE(std::find(grpc.begin(), grpc.end(), "order_items.proto"), grpc.end());
  EXPECT_NE(std::find(grpc.begin(), grpc.end(), "grpc_server.py"), grpc.end());
  EXPECT_EQ(std::find(grpc.begin(), grpc.end(), "kafka_server.py"), grpc.end());
  EXPECT_NE(std::find(kafka.begin(), kafka.end(), "kafka_server.py"), kafka.end());
  EXPECT_EQ(std::find(kafka.begin(), kafka.end(), "order_items.proto"), kafka.end());
  for (const auto& f : py_service_transport_files(c, Transport::k_grpc))
    if (f.path.ends_with(".proto")) {
      EXPECT_EQ(f.comment, "//");
    }
}

TEST(PythonTransportShapes, AClientOfAGrpcContextFindsTheProtoUnderItsPackage) {
  auto files =
      py_client_transport_files(no_arg_first(), Transport::k_grpc, "strata_monolith/order_items");
  bool wire = false;
  for (const auto& f : files)
    if (f.path == "grpc_wire.py") {
      wire = true;
      EXPECT_TRUE(has(f.text, "\"strata_monolith/order_items/order_items.proto\""));
    }
  EXPECT_TRUE(wire);
  EXPECT_TRUE(py_client_transport_files(no_arg_first(), Transport::k_http, "x").empty());
}

TEST(PythonTransportShapes, TheModulesAreAFunctionOfTheContract) {
  Contract a = no_arg_first();
  Contract b = no_arg_first();
  EXPECT_EQ(py_grpc_contract_tests(a), py_grpc_contract_tests(b));
  EXPECT_EQ(py_kafka_contract_tests(a), py_kafka_contract_tests(b));
  EXPECT_EQ(py_grpc_wire_module(a, "p"), py_grpc_wire_module(b, "p"));
  // A method renamed: the wire's table follows, the modules with no table do not.
  b.methods[0].name = "count_every";
  EXPECT_NE(py_grpc_wire_module(a, "p"), py_grpc_wire_module(b, "p"));
  EXPECT_TRUE(has(py_grpc_wire_module(b, "p"), "\"count_every\": (\"CountEvery\""));
  EXPECT_EQ(py_grpc_server_module(a), py_grpc_server_module(b));
  EXPECT_EQ(py_outbox_module(a), py_outbox_module(b));
}

}  // namespace
}  // namespace strata::service
