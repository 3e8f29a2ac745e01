// The Python modules generated from contracts of every shape: what each
// module must contain for each field type, parameter list and result, that
// every module parses as Python, and that the text is a function of the
// contract alone.

#include "service/python_emitter.h"

#include <gtest/gtest.h>

#include "service/emitter_test_support.h"

namespace strata::service {
namespace {

using service_test::count_of;
using service_test::has;
using service_test::py_shapes_contract;
using service_test::python_syntax_error;

TEST(PythonEmitter, SnakeCaseSplitsWordsAndKeepsAcronymsTogether) {
  EXPECT_EQ(snake_of("ItemDto"), "item_dto");
  EXPECT_EQ(snake_of("LineItemDto"), "line_item_dto");
  EXPECT_EQ(snake_of("HTTPServerDto"), "http_server_dto");
  EXPECT_EQ(snake_of("OrderV2Dto"), "order_v2_dto");
  EXPECT_EQ(snake_of("A"), "a");
  EXPECT_EQ(snake_of("already_snake"), "already_snake");
}

TEST(PythonEmitter, EveryModuleParsesAsPython) {
  Contract c = py_shapes_contract();
  for (const auto& [name, text] : std::vector<std::pair<std::string, std::string>>{
           {"contract.py", py_contract_module(c)},
           {"auth.py", py_auth_module(c)},
           {"http_client.py", py_http_client_module(c)},
           {"http_server.py", py_http_server_module(c)},
           {"wiring.py", py_wiring_module(c)},
           {"__main__.py", py_main_module(c)},
           {"test_contract.py", py_contract_tests(c)}})
    EXPECT_EQ(python_syntax_error(text), "") << name;
}

TEST(PythonEmitter, EachScalarFieldIsEncodedAsItIsAndDecodedByItsChecker) {
  std::string m = py_contract_module(py_shapes_contract());
  EXPECT_TRUE(has(m, "def encode_item_dto(value: ItemDto) -> dict[str, object]:\n"));
  EXPECT_TRUE(has(m, "        \"sku\": value.sku,\n"));
  EXPECT_TRUE(has(m, "        \"quantity\": value.quantity,\n"));
  EXPECT_TRUE(has(m, "def decode_item_dto(data: object) -> ItemDto:\n    fields = _obj(data)\n"));
  // A field without a default is required; one with a literal default may be absent.
  EXPECT_TRUE(has(m, "        sku=_str(fields[\"sku\"]),\n"));
  EXPECT_TRUE(has(m, "        quantity=_int(fields.get(\"quantity\", 1)),\n"));
  EXPECT_TRUE(has(m, "        price=_float(fields.get(\"price\", 0.0)),\n"));
  EXPECT_TRUE(has(m, "        gift=_bool(fields.get(\"gift\", False)),\n"));
}

TEST(PythonEmitter, OptionalAndSequenceFieldsAreEncodedElementByElement) {
  std::string m = py_contract_module(py_shapes_contract());
  EXPECT_TRUE(has(m, "        \"note\": None if value.note is None else value.note,\n"));
  EXPECT_TRUE(has(m, "        \"tags\": [x0 for x0 in value.tags],\n"));
  EXPECT_TRUE(has(m,
                  "        note=None if fields.get(\"note\", None) is None else "
                  "_str(fields.get(\"note\", None)),\n"));
  // A tuple comes back a tuple, a list a list; a () default crosses as [].
  EXPECT_TRUE(has(m, "        tags=tuple(_str(x0) for x0 in _list(fields.get(\"tags\", []))),\n"));
}

TEST(PythonEmitter, NestedDtosGoThroughTheirOwnCodec) {
  std::string m = py_contract_module(py_shapes_contract());
  EXPECT_TRUE(has(m, "        \"item\": encode_item_dto(value.item),\n"));
  EXPECT_TRUE(has(m, "        \"extras\": [encode_item_dto(x0) for x0 in value.extras],\n"));
  EXPECT_TRUE(has(m,
                  "        \"replacement\": None if value.replacement is None else "
                  "encode_item_dto(value.replacement),\n"));
  EXPECT_TRUE(has(m, "        item=decode_item_dto(fields[\"item\"]),\n"));
  EXPECT_TRUE(
      has(m, "        extras=[decode_item_dto(x0) for x0 in _list(fields[\"extras\"])],\n"));
  // Every DTO has one encoder and one decoder, in source order.
  EXPECT_EQ(count_of(m, "\ndef encode_"), 3);
  EXPECT_EQ(count_of(m, "\ndef decode_"), 3);
  EXPECT_LT(m.find("def encode_item_dto"), m.find("def encode_line_item_dto"));
  EXPECT_LT(m.find("def encode_line_item_dto"), m.find("def encode_empty_dto"));
}

TEST(PythonEmitter, AFieldlessDtoStillRefusesWhatIsNotAnObject) {
  std::string m = py_contract_module(py_shapes_contract());
  EXPECT_TRUE(has(m,
                  "def encode_empty_dto(value: EmptyDto) -> dict[str, object]:\n"
                  "    return {}\n"));
  EXPECT_TRUE(has(m,
                  "def decode_empty_dto(data: object) -> EmptyDto:\n"
                  "    _obj(data)\n    return EmptyDto()\n"));
}

TEST(PythonEmitter, ADefaultThatIsNoLiteralMakesTheFieldRequiredOnTheWire) {
  Contract c = py_shapes_contract(
      "@dataclass(frozen=True)\nclass ADto:\n    made: str = make_id()\n"
      "    label: str = \"x\"\n    weird: str = \"a\\\"b\"\n    neg: int = -3\n",
      "class OrderItemsService(Protocol):\n    def get(self, a: ADto) -> ADto: ...\n");
  std::string m = py_contract_module(c);
  EXPECT_TRUE(has(m, "made=_str(fields[\"made\"])"));
  EXPECT_TRUE(has(m, "label=_str(fields.get(\"label\", \"x\"))"));
  EXPECT_TRUE(has(m, "weird=_str(fields[\"weird\"])")) << "an escaped string is no plain literal";
  EXPECT_TRUE(has(m, "neg=_int(fields.get(\"neg\", -3))"));
}

TEST(PythonEmitter, ARunnerDecodesEveryArgumentBeforeItCalls) {
  std::string m = py_contract_module(py_shapes_contract());
  EXPECT_TRUE(has(m,
                  "def _run_add_line(service: OrderItemsService, args: dict[str, object]) -> "
                  "Callable[[], object]:\n"
                  "    order_id = _str(args[\"order_id\"])\n"
                  "    line = decode_line_item_dto(args[\"line\"])\n"
                  "    quantity = _int(args[\"quantity\"])\n"
                  "    urgent = _bool(args[\"urgent\"])\n\n"
                  "    def run() -> object:\n"
                  "        return service.add_line(order_id, line, quantity, urgent)\n"));
  // No arguments: nothing decoded, and `args` marked used.
  EXPECT_TRUE(has(m,
                  "Callable[[], object]:\n    del args\n\n    def run() -> object:\n"
                  "        return service.count_all()\n"));
  // None: called for its effect, answered with null.
  EXPECT_TRUE(has(m, "        service.clear()\n        return None\n"));
  EXPECT_TRUE(has(m, "        return [encode_line_item_dto(x0) for x0 in service.list_lines()]\n"));
}

TEST(PythonEmitter, AnOptionalResultCallsThePortOnce) {
  std::string m = py_contract_module(py_shapes_contract());
  size_t runner = m.find("def _run_find_line(");
  ASSERT_NE(runner, std::string::npos);
  std::string body = m.substr(runner, m.find("return run", runner) - runner);
  EXPECT_EQ(count_of(body, "service.find_line("), 1) << body;
  EXPECT_TRUE(has(body, "encode_line_item_dto("));
}

TEST(PythonEmitter, AnOptionalResultIsHeldInANameNoParameterHas) {
  Contract c =
      py_shapes_contract(service_test::k_py_shapes_dtos,
                         "class OrderItemsService(Protocol):\n"
                         "    def find(self, answer: str, answer_: int) -> ItemDto | None: ...\n");
  std::string m = py_contract_module(c);
  EXPECT_TRUE(has(m,
                  "        answer__ = service.find(answer, answer_)\n"
                  "        return None if answer__ is None else encode_item_dto(answer__)\n"));
}

TEST(PythonEmitter, SignaturesAreSpelledAsRuffFormatsThemWithBuiltinNames) {
  Contract c = py_shapes_contract(
      service_test::k_py_shapes_dtos,
      "class OrderItemsService(Protocol):\n"
      "    def a(self, tags: tuple[str,...], best: Optional[ItemDto]) -> List[ItemDto]: ...\n"
      "    def b(self, note: None|str) -> list[ItemDto | None]: ...\n");
  std::string m = py_contract_module(c);
  EXPECT_TRUE(has(m,
                  "    def a(self, tags: tuple[str, ...], best: ItemDto | None) -> "
                  "list[ItemDto]:\n"));
  EXPECT_TRUE(has(m, "    def b(self, note: str | None) -> list[ItemDto | None]:\n"));
  EXPECT_EQ(python_syntax_error(m), "");
}

TEST(PythonEmitter, TheDispatcherKnowsEveryMethodAndMapsTheNotFoundError) {
  std::string m = py_contract_module(py_shapes_contract());
  for (const char* name : {"count_all", "add_line", "find_line", "list_lines", "clear", "ping"})
    EXPECT_TRUE(has(m, "    \"" + std::string(name) + "\": _run_" + name + ",\n")) << name;
  EXPECT_TRUE(has(m,
                  "    except OrderItemsNotFoundError as e:\n"
                  "        return _error(404, \"not_found\", str(e))\n"));
  EXPECT_TRUE(has(m, "    if kind == \"not_found\":\n        raise _not_found(message)\n"));
  EXPECT_TRUE(has(m, "def _not_found(message: str) -> OrderItemsNotFoundError:\n"));
  EXPECT_TRUE(has(m,
                  "from order_items_api.port import (\n    OrderItemsNotFoundError,\n"
                  "    OrderItemsService,\n)\n"));
}

TEST(PythonEmitter, APortWithoutANotFoundErrorHasNoNotFoundMapping) {
  Contract c = py_shapes_contract(
      service_test::k_py_shapes_dtos,
      "class OrderItemsService(Protocol):\n    def count_all(self) -> int: ...\n");
  ASSERT_TRUE(c.not_found.empty());
  std::string m = py_contract_module(c);
  EXPECT_FALSE(has(m, "not_found"));
  EXPECT_TRUE(has(m, "    except Exception as e:\n        return _error(422, "));
  EXPECT_EQ(python_syntax_error(m), "");
}

TEST(PythonEmitter, TheClientKeepsThePortsSignaturesAndEncodesEachArgument) {
  std::string m = py_contract_module(py_shapes_contract());
  EXPECT_TRUE(has(m, "class OrderItemsClient:\n    \"\"\"Implements OrderItemsService by calls"));
  EXPECT_TRUE(has(m,
                  "    def add_line(self, order_id: str, line: LineItemDto, quantity: int, "
                  "urgent: bool) -> str:\n"
                  "        result = self._call(\n            \"add_line\",\n            {\n"
                  "                \"order_id\": order_id,\n"
                  "                \"line\": encode_line_item_dto(line),\n"
                  "                \"quantity\": quantity,\n"
                  "                \"urgent\": urgent,\n            },\n        )\n"
                  "        return _str(result)\n"));
  EXPECT_TRUE(has(m,
                  "    def count_all(self) -> int:\n"
                  "        result = self._call(\"count_all\", {})\n"
                  "        return _int(result)\n"));
  EXPECT_TRUE(has(m, "    def clear(self) -> None:\n        self._call(\"clear\", {})\n"));
  EXPECT_TRUE(has(m, "    def find_line(self, line_id: str) -> LineItemDto | None:\n"));
  EXPECT_TRUE(has(m, "        return None if result is None else decode_line_item_dto(result)\n"));
  EXPECT_TRUE(has(m, "def local_client(service: OrderItemsService) -> OrderItemsClient:\n"));
}

TEST(PythonEmitter, TheContextsNameTakesEachFormItsPlaceNeeds) {
  Contract c = py_shapes_contract();
  EXPECT_TRUE(has(py_auth_module(c), "AUDIENCE = \"order_items-service\"\n"));
  std::string client = py_http_client_module(c);
  EXPECT_TRUE(has(client, "URL_VARIABLE = \"STRATA_SERVICE_ORDER_ITEMS_URL\"\n"));
  EXPECT_TRUE(has(client, "from .contract import OrderItemsClient\n"));
  EXPECT_TRUE(has(client, "def http_client(base_url: str | None = None) -> OrderItemsClient:\n"));
  std::string wiring = py_wiring_module(c);
  EXPECT_TRUE(has(wiring, "from order_items_application import OrderItemsApplicationService\n"));
  EXPECT_TRUE(has(wiring, "def make_service(events: Outbox | None = None) -> OrderItemsService:"));
  std::string server = py_http_server_module(c);
  EXPECT_TRUE(has(server, "from order_items_api.port import (\n    OrderItemsService,\n)\n"));
  EXPECT_FALSE(has(server, "order_items_api.dtos")) << "the server needs no DTO";
  EXPECT_TRUE(has(server, "def create_app(service: OrderItemsService) -> FastAPI:\n"));
  EXPECT_TRUE(has(server, "title=\"order_items service\""));
}

TEST(PythonEmitter, TheServerChecksTheTokenBeforeItDispatches) {
  std::string s = py_http_server_module(py_shapes_contract());
  size_t check = s.find("if not check_authorization(request.headers.get(\"authorization\")):");
  size_t dispatch = s.find("status, body = dispatch(service, method, await request.body())");
  ASSERT_NE(check, std::string::npos);
  ASSERT_NE(dispatch, std::string::npos);
  EXPECT_LT(check, dispatch);
  EXPECT_TRUE(has(s, "headers={\"WWW-Authenticate\": \"Bearer\"}"));
  EXPECT_TRUE(has(s, "@app.get(\"/health\")"));
  EXPECT_TRUE(has(s, "@app.get(\"/metrics\")"));
}

TEST(PythonEmitter, TheEntryPointServesOnLoopbackUnlessTold) {
  std::string m = py_main_module(py_shapes_contract());
  EXPECT_TRUE(has(m, "host = os.environ.get(\"HOST\", \"127.0.0.1\")"));
  EXPECT_TRUE(has(m, "PORT is not set: the port to serve on"));
  EXPECT_TRUE(has(m, "app = create_app(make_service(service_outbox()))"));
  EXPECT_TRUE(has(m, "if __name__ == \"__main__\":\n    main()\n"));
}

TEST(PythonEmitter, TheScenarioCallsEveryMethodWithSamplesOfItsTypes) {
  std::string s = py_contract_scenario(py_shapes_contract());
  EXPECT_TRUE(has(s, "    record(lambda: service.count_all())\n"));
  // Ids come from earlier calls; DTO samples are built first, field by field.
  EXPECT_TRUE(has(s,
                  "    arg_1 = LineItemDto(line_id=an_id(), item=ItemDto(sku=\"sample\", "
                  "quantity=1, price=0.0, gift=False, note=None, tags=()), extras=[], "
                  "replacement=None)\n"));
  EXPECT_TRUE(has(s, "    record(lambda: service.add_line(an_id(), arg_1, 1, True))\n"));
  EXPECT_TRUE(has(s, "    record(lambda: service.find_line(an_id()))\n"));
  EXPECT_TRUE(has(s, "    arg_2 = EmptyDto()\n    record(lambda: service.ping(arg_2))\n"));
  EXPECT_TRUE(has(s, "        except OrderItemsNotFoundError as e:\n"));
}

TEST(PythonEmitter, TheContractTestsPostToTheFirstMethodAndImportWhatTheSamplesBuild) {
  std::string t = py_contract_tests(py_shapes_contract());
  EXPECT_FALSE(has(t, "@@"));
  EXPECT_TRUE(has(t, "        f\"{url}/rpc/count_all\",\n"));
  EXPECT_TRUE(has(t, "\"aud\": \"order_items-service\""));
  EXPECT_TRUE(has(t, "subprocess.Popen([sys.executable, \"-m\", \"order_items_service\"]"));
  EXPECT_TRUE(has(t,
                  "from order_items_api.dtos import (\n    ItemDto,\n    LineItemDto,\n"
                  "    EmptyDto,\n)\n"));
}

TEST(PythonEmitter, ADtoWhoseNameEndsAnotherIsImportedOnlyWhenBuilt) {
  // Only LineItemDto is built by a sample; "LineItemDto(" holds "ItemDto(".
  Contract c = py_shapes_contract(
      "@dataclass(frozen=True)\nclass ItemDto:\n    sku: str\n\n"
      "@dataclass(frozen=True)\nclass LineItemDto:\n    sku: str\n",
      "class OrderItemsService(Protocol):\n    def add(self, line: LineItemDto) -> ItemDto: ...\n");
  std::string t = py_contract_tests(c);
  EXPECT_TRUE(has(t, "from order_items_api.dtos import (\n    LineItemDto,\n)\n"))
      << t.substr(0, 900);
}

TEST(PythonEmitter, NoDtoBuiltMeansNoDtoImport) {
  Contract c = py_shapes_contract(
      service_test::k_py_shapes_dtos,
      "class OrderItemsService(Protocol):\n    def count_all(self) -> int: ...\n");
  std::string t = py_contract_tests(c);
  EXPECT_FALSE(has(t, "order_items_api.dtos"));
  EXPECT_EQ(python_syntax_error(t), "");
}

TEST(PythonEmitter, TheSameContractGivesTheSameBytes) {
  Contract a = py_shapes_contract();
  Contract b = py_shapes_contract();
  EXPECT_EQ(py_contract_module(a), py_contract_module(b));
  EXPECT_EQ(py_contract_tests(a), py_contract_tests(b));
  EXPECT_EQ(py_http_server_module(a), py_http_server_module(b));
}

TEST(PythonEmitter, AFieldAddedChangesTheCodecButNotTheAdapters) {
  Contract a = py_shapes_contract();
  Contract b = a;
  b.dtos[0].fields.push_back(Field{"colour", parse_python_type("str", {}), "\"red\""});
  EXPECT_NE(py_contract_module(a), py_contract_module(b));
  EXPECT_TRUE(has(py_contract_module(b), "colour=_str(fields.get(\"colour\", \"red\"))"));
  EXPECT_EQ(py_auth_module(a), py_auth_module(b));
  EXPECT_EQ(py_http_client_module(a), py_http_client_module(b));
  EXPECT_EQ(py_main_module(a), py_main_module(b));
}

TEST(PythonEmitter, TheDocstringSaysWhatTheModuleIsAndHowToRegenerateIt) {
  std::string d = py_docstring(py_shapes_contract(), "The thing.");
  EXPECT_TRUE(
      d.starts_with("\"\"\"The thing.\n\nGenerated by `strata split` from the order_items"));
  EXPECT_TRUE(has(d, "`strata split order_items` again instead of this file.\"\"\"\n"));
}

}  // namespace
}  // namespace strata::service
