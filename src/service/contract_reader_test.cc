// The three contract readers side by side: each construct the generator (or
// a formatter run over its output) writes is read, and each malformed api
// layer is refused with the file and line to look at.

#include <gtest/gtest.h>

#include "service/contract.h"
#include "service/cpp_contract.h"
#include "service/typescript_contract.h"
#include "util/temp_dir.h"

namespace strata::service {
namespace {

using testutil::TempDir;

using K = TypeRef::Kind;

// ---- Python ----

const char* k_py_port = "class S(Protocol):\n    def get(self, id: str) -> None: ...\n";

Contract py(const std::string& dtos, const std::string& port = k_py_port) {
  auto c = parse_python_contract("shop", dtos, "dtos.py", port, "port.py");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().str());
  return c.ok() ? *c : Contract{};
}

TEST(PythonContractReader, ReadsEveryDataclassSpellingAndSkipsWhatIsNoField) {
  Contract c =
      py("from dataclasses import dataclass, field\n"
         "\n"
         "@dataclass\n"
         "class A:\n"
         "    x: int\n"
         "\n"
         "@dataclass(frozen=True, slots=True)\n"
         "class B:\n"
         "    KIND: ClassVar[str] = \"b\"\n"
         "    tags: list[str] = field(default_factory=list)\n"
         "    @property\n"
         "    def size(self) -> int:\n"
         "        n: int = 0\n"
         "        return n\n"
         "\n"
         "class NotADto:\n"
         "    y: int\n");
  ASSERT_EQ(c.dtos.size(), 2u);
  EXPECT_EQ(c.dtos[0].name, "A");
  EXPECT_EQ(c.dtos[0].line, 4);
  EXPECT_EQ(c.dtos[1].name, "B");
  EXPECT_EQ(c.dtos[1].line, 8);
  ASSERT_EQ(c.dtos[1].fields.size(), 1u) << "ClassVar, methods and their locals are no fields";
  EXPECT_EQ(c.dtos[1].fields[0].name, "tags");
  EXPECT_EQ(c.dtos[1].fields[0].type.kind, K::k_list);
  EXPECT_EQ(c.dtos[1].fields[0].default_text, "field(default_factory=list)");
}

TEST(PythonContractReader, ReadsFieldsSplitOverLinesWithTheirComments) {
  Contract c =
      py("@dataclass(frozen=True)\n"
         "class A:\n"
         "    \"\"\"A docstring\n"
         "    over: lines, that: look like fields\n"
         "    \"\"\"\n"
         "    items: tuple[  # the lines\n"
         "        \"B\",\n"
         "        ...,\n"
         "    ] = ()\n"
         "    note: Optional[str] = None  # free text\n"
         "\n"
         "@dataclass(frozen=True)\n"
         "class B:\n"
         "    colour: str = \"#fff\"\n");
  ASSERT_EQ(c.dtos.size(), 2u);
  const auto& a = c.dtos[0].fields;
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].type.kind, K::k_tuple);
  EXPECT_EQ(a[0].type.args[0].kind, K::k_dto) << "a string annotation names a DTO";
  EXPECT_EQ(a[0].type.args[0].name, "B");
  EXPECT_EQ(a[1].type.kind, K::k_optional);
  EXPECT_EQ(a[1].default_text, "None");
  EXPECT_EQ(c.dtos[1].fields[0].default_text, "\"#fff\"") << "a '#' in a string is no comment";
}

TEST(PythonContractReader, ReadsEveryParameterForm) {
  Contract c = py("@dataclass\nclass A:\n    x: int\n",
                  "class S(Protocol):\n"
                  "    def a(self: \"S\", x: int, /, y: str = \"\", *, z: bool = False) -> A: ...\n"
                  "    def b(self) -> list[A]: ...\n"
                  "    def c(self, value: float): ...\n"
                  "    def d(self, key: str) \\\n"
                  "            -> A | None: ...\n");
  ASSERT_EQ(c.methods.size(), 4u);
  const Method& a = c.methods[0];
  ASSERT_EQ(a.params.size(), 3u) << "self, '/' and '*' are no parameters";
  EXPECT_EQ(a.params[0].name, "x");
  EXPECT_EQ(a.params[1].default_text, "\"\"");
  EXPECT_EQ(a.params[2].name, "z");
  EXPECT_EQ(a.params[2].type.kind, K::k_bool);
  EXPECT_EQ(a.returns.kind, K::k_dto);
  EXPECT_EQ(a.line, 2);
  EXPECT_TRUE(c.methods[1].params.empty());
  EXPECT_EQ(c.methods[2].returns.kind, K::k_none) << "no annotation returns None";
  EXPECT_EQ(c.methods[3].name, "d") << "a backslash continues the signature";
  EXPECT_EQ(c.methods[3].returns.kind, K::k_optional);
  EXPECT_EQ(c.methods[3].line, 5);
}

TEST(PythonContractReader, TheFirstProtocolIsThePortAndOnlyItsPublicMethodsCount) {
  Contract c = py("",
                  "class ShopNotFoundError(LookupError):\n"
                  "    pass\n"
                  "\n"
                  "class Helper:\n"
                  "    def helper(self) -> int: ...\n"
                  "\n"
                  "class ShopService(Protocol):\n"
                  "    def open(self) -> str: ...\n"
                  "    def _hidden(self) -> str: ...\n"
                  "    def __len__(self) -> int: ...\n"
                  "\n"
                  "class Other(Protocol):\n"
                  "    def other(self) -> str: ...\n");
  EXPECT_EQ(c.port, "ShopService");
  EXPECT_EQ(c.not_found, "ShopNotFoundError");
  ASSERT_EQ(c.methods.size(), 1u);
  EXPECT_EQ(c.methods[0].name, "open");
  EXPECT_EQ(c.methods[0].line, 8);
}

TEST(PythonContractReader, ParsesEveryTypeSpelling) {
  std::vector<std::string> dtos = {"A"};
  EXPECT_EQ(parse_python_type("str", dtos).kind, K::k_str);
  EXPECT_EQ(parse_python_type("int", dtos).kind, K::k_int);
  EXPECT_EQ(parse_python_type("float", dtos).kind, K::k_float);
  EXPECT_EQ(parse_python_type("bool", dtos).kind, K::k_bool);
  EXPECT_EQ(parse_python_type("None", dtos).kind, K::k_none);
  EXPECT_EQ(parse_python_type("List[A]", dtos).kind, K::k_list);
  EXPECT_EQ(parse_python_type("Tuple[A, ...]", dtos).kind, K::k_tuple);
  EXPECT_EQ(parse_python_type("A | None", dtos).args[0].name, "A");
  EXPECT_EQ(parse_python_type("\"A\" ", dtos).kind, K::k_dto);
  EXPECT_EQ(parse_python_type("list[ A ]", dtos).text, "list[A]") << "spaces are not kept";
  // What the wire cannot carry is unknown, with its text for the message.
  EXPECT_EQ(parse_python_type("tuple[A, A]", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_python_type("list[A, A]", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_python_type("int | str | None", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_python_type("B", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_python_type("B", dtos).text, "B");
  EXPECT_EQ(parse_python_type("list[A", dtos).kind, K::k_unknown);
}

TEST(PythonContractReader, RefusesAPortWithoutAProtocolAtItsFile) {
  auto c = parse_python_contract("shop", "", "dtos.py", "x = 1\n", "api/port.py");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().loc.file, "api/port.py");
  EXPECT_EQ(c.error().loc.line, 1);
  EXPECT_NE(c.error().hint.find("Protocol"), std::string::npos);
}

TEST(PythonContractReader, RefusesAPortWithoutMethodsAtItsClass) {
  auto c = parse_python_contract("shop", "", "dtos.py",
                                 "from typing import Protocol\n\n\nclass S(Protocol):\n"
                                 "    def _only_private(self) -> None: ...\n",
                                 "port.py");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().str().find("port.py:4:"), 0u) << c.error().str();
  EXPECT_NE(c.error().message.find("declares no methods"), std::string::npos);
}

TEST(PythonContractReader, RefusesAnAsyncMethodAtItsLine) {
  auto c = parse_python_contract("shop", "", "dtos.py",
                                 "class S(Protocol):\n    def get(self) -> str: ...\n\n"
                                 "    async def put(self, x: str) -> None: ...\n"
                                 "    async def _private(self) -> None: ...\n",
                                 "port.py");
  ASSERT_FALSE(c.ok()) << "an async method would be left out of the service without a word";
  EXPECT_EQ(c.error().str().find("port.py:4:"), 0u) << c.error().str();
  EXPECT_NE(c.error().message.find("S.put"), std::string::npos);
  EXPECT_FALSE(c.error().hint.empty());
}

TEST(PythonContractReader, NamesTheFileAndLineOfAnUnserialisableType) {
  Contract c = py("\n@dataclass\nclass A:\n    when: datetime\n",
                  "class S(Protocol):\n    def get(self) -> A: ...\n"
                  "    def put(self, values: dict[str, A]) -> None: ...\n");
  auto bad = unserialisable_types(c);
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].where, "A.when");
  EXPECT_EQ(bad[0].type, "datetime");
  EXPECT_EQ(bad[0].file, "dtos.py");
  EXPECT_EQ(bad[0].line, 3);
  EXPECT_EQ(bad[1].where, "S.put: parameter values");
  EXPECT_EQ(bad[1].file, "port.py");
  EXPECT_EQ(bad[1].line, 3);
}

TEST(PythonContractReader, AMissingApiLayerNamesTheFileAndHowToGenerateIt) {
  TempDir dir("strata-contract");
  auto c = extract_python_contract(dir.root(), "shop");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().loc.file, "contexts/shop/api/src/shop_api/dtos.py");
  EXPECT_NE(c.error().hint.find("strata generate context shop"), std::string::npos);
  dir.write("contexts/shop/api/src/shop_api/dtos.py", "");
  auto no_port = extract_python_contract(dir.root(), "shop");
  ASSERT_FALSE(no_port.ok());
  EXPECT_EQ(no_port.error().loc.file, "contexts/shop/api/src/shop_api/port.py");
  dir.write("contexts/shop/api/src/shop_api/port.py", k_py_port);
  auto ok = extract_python_contract(dir.root(), "shop");
  ASSERT_TRUE(ok.ok()) << ok.error().str();
  EXPECT_EQ(ok->port_file, "contexts/shop/api/src/shop_api/port.py");
}

// ---- TypeScript ----

const char* k_ts_port = "export interface S {\n  get(id: string): Promise<void>;\n}\n";

Contract ts(const std::string& dto, const std::string& port = k_ts_port) {
  auto c = parse_typescript_contract("shop", dto, "dto.ts", port, "shop-service.ts");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().str());
  return c.ok() ? *c : Contract{};
}

TEST(TypescriptContractReader, ReadsEveryMemberSpelling) {
  Contract c =
      ts("import type { X } from './x.js';\n"
         "\n"
         "export interface A {\n"
         "  readonly id: string\n"
         "  count: number;  readonly done?: boolean;\n"
         "  /* a comment; with a semicolon */\n"
         "  tags: ReadonlyArray<string>; // and here: too\n"
         "  parts: Array<A>;\n"
         "  maybe: (A | null)[];\n"
         "}\n"
         "\n"
         "interface Internal {\n"
         "  hidden: string;\n"
         "}\n"
         "\n"
         "export interface B extends A {}\n");
  ASSERT_EQ(c.dtos.size(), 2u) << "an interface not exported is no DTO";
  EXPECT_EQ(c.dtos[0].line, 3);
  const auto& f = c.dtos[0].fields;
  ASSERT_EQ(f.size(), 6u);
  EXPECT_EQ(f[0].name, "id");
  EXPECT_EQ(f[1].type.kind, K::k_float);
  EXPECT_EQ(f[2].name, "done");
  EXPECT_EQ(f[2].type.kind, K::k_optional) << "an optional member may be absent";
  EXPECT_EQ(f[2].type.args[0].kind, K::k_bool);
  EXPECT_EQ(f[3].type.kind, K::k_list);
  EXPECT_EQ(f[4].type.args[0].kind, K::k_dto);
  EXPECT_EQ(f[5].type.kind, K::k_list);
  EXPECT_EQ(f[5].type.args[0].kind, K::k_optional);
  EXPECT_EQ(c.dtos[1].name, "B");
  EXPECT_EQ(c.dtos[1].fields.size(), 6u) << "B extends A: it carries A's members";
}

TEST(TypescriptContractReader, ReadsAUnionAFormatterSplitOverLines) {
  Contract c =
      ts("export interface Order {\n"
         "  readonly status:\n"
         "    | \"open\"\n"
         "    | \"paid\"\n"
         "    | \"closed\";\n"
         "  readonly total: number;\n"
         "}\n");
  const auto& f = c.dtos[0].fields;
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].name, "status");
  EXPECT_EQ(f[0].type.kind, K::k_str);
  EXPECT_EQ(f[1].name, "total");
}

TEST(TypescriptContractReader, MembersMaySeparateWithCommas) {
  Contract c =
      ts("export interface A { id: string, tags: Map<string, number>, n?: number }\n",
         "export interface S {\n  get(a: A, b: string): Promise<A>,\n  count(): number\n}\n");
  const auto& f = c.dtos[0].fields;
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].type.kind, K::k_str);
  EXPECT_EQ(f[1].type.text, "Map<string, number>");
  EXPECT_EQ(f[2].name, "n");
  ASSERT_EQ(c.methods.size(), 2u);
  EXPECT_EQ(c.methods[0].params.size(), 2u);
  EXPECT_EQ(c.methods[1].name, "count");
}

TEST(TypescriptContractReader, ReadsSignaturesSplitOverLinesAndTheirLines) {
  Contract c = ts("export interface A {\n  id: string;\n}\n",
                  "export interface ShopService {\n"
                  "  open(\n"
                  "    first: A,\n"
                  "    second?: string,\n"
                  "  ): Promise<A>;\n"
                  "\n"
                  "  close(id: string): Promise<void>;\n"
                  "  count(): number;\n"
                  "  forget(id: string);\n"
                  "}\n");
  ASSERT_EQ(c.methods.size(), 4u);
  const Method& open = c.methods[0];
  EXPECT_EQ(open.line, 2);
  ASSERT_EQ(open.params.size(), 2u) << "a trailing comma adds no parameter";
  EXPECT_EQ(open.params[1].type.kind, K::k_optional);
  EXPECT_EQ(open.returns.name, "A");
  EXPECT_EQ(c.methods[1].line, 7);
  EXPECT_EQ(c.methods[1].returns.kind, K::k_none);
  EXPECT_EQ(c.methods[2].returns.kind, K::k_float) << "a method need not be async";
  EXPECT_EQ(c.methods[3].returns.kind, K::k_none) << "no annotation returns void";
}

TEST(TypescriptContractReader, ParsesEveryTypeSpelling) {
  std::vector<std::string> dtos = {"A"};
  std::vector<std::string> aliases = {"Result"};
  EXPECT_EQ(parse_typescript_type("string", dtos).kind, K::k_str);
  EXPECT_EQ(parse_typescript_type("'a'", dtos).kind, K::k_str);
  EXPECT_EQ(parse_typescript_type("boolean", dtos).kind, K::k_bool);
  EXPECT_EQ(parse_typescript_type("undefined", dtos).kind, K::k_none);
  EXPECT_EQ(parse_typescript_type("readonly A[]", dtos).kind, K::k_list);
  EXPECT_EQ(parse_typescript_type("A[][]", dtos).args[0].kind, K::k_list);
  EXPECT_EQ(parse_typescript_type("\"a\" | \"b\" | null", dtos).kind, K::k_optional);
  EXPECT_EQ(parse_typescript_type("\"a\" | \"b\" | null", dtos).args[0].kind, K::k_str);
  EXPECT_EQ(parse_typescript_type("A | undefined | null", dtos).kind, K::k_optional);
  TypeRef r = parse_typescript_type("Result<A[]>", dtos, aliases);
  EXPECT_EQ(r.kind, K::k_dto);
  EXPECT_EQ(r.name, "Result");
  EXPECT_EQ(r.args[0].kind, K::k_list);
  EXPECT_EQ(parse_typescript_type("Result<A>", dtos).kind, K::k_unknown)
      << "a generic the api layer does not declare";
  EXPECT_EQ(parse_typescript_type("Record<string, A>", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_typescript_type("A | string", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_typescript_type("Date", dtos).kind, K::k_unknown);
}

TEST(TypescriptContractReader, RefusesAPortWithoutAnInterfaceOrMethods) {
  auto none = parse_typescript_contract("shop", "", "dto.ts", "export type S = {};\n", "s.ts");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().str().find("s.ts:1:"), 0u) << none.error().str();
  auto empty = parse_typescript_contract(
      "shop", "", "dto.ts", "import x from 'y';\n\nexport interface S {\n  id: string;\n}\n",
      "s.ts");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().str().find("s.ts:3:"), 0u) << empty.error().str();
  EXPECT_NE(empty.error().message.find("declares no methods"), std::string::npos);
}

TEST(TypescriptContractReader, NamesTheLineOfAnUnserialisableMethod) {
  Contract c = ts("export interface A {\n  at: Date;\n}\n",
                  "export interface S {\n  get(): Promise<A>;\n  on(cb: () => void): void;\n}\n");
  auto bad = unserialisable_types(c);
  ASSERT_EQ(bad.size(), 2u);
  EXPECT_EQ(bad[0].where, "A.at");
  EXPECT_EQ(bad[0].line, 1);
  EXPECT_EQ(bad[1].where, "S.on: parameter cb");
  EXPECT_EQ(bad[1].file, "shop-service.ts");
  EXPECT_EQ(bad[1].line, 3);
}

TEST(TypescriptContractReader, AMissingApiLayerNamesTheFile) {
  TempDir dir("strata-contract");
  auto c = extract_typescript_contract(dir.root(), "order_lines");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().loc.file, "contexts/order_lines/api/src/dto.ts");
  dir.write("contexts/order_lines/api/src/dto.ts", "");
  auto no_port = extract_typescript_contract(dir.root(), "order_lines");
  ASSERT_FALSE(no_port.ok());
  EXPECT_EQ(no_port.error().loc.file, "contexts/order_lines/api/src/order-lines-service.ts")
      << "the port's file is kebab-case";
}

// ---- C++ ----

const char* k_cpp_codes = "enum class ErrorCode { k_invalid, k_not_found, k_unavailable };\n";
const char* k_cpp_port =
    "class S {\n public:\n  virtual Result<std::string> get(const std::string& id) = 0;\n};\n";

Contract cpp(const std::string& dto, const std::string& port = k_cpp_port) {
  auto c = parse_cpp_contract("shop", std::string(k_cpp_codes) + dto, "dto.h", port, "s.h");
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().str());
  return c.ok() ? *c : Contract{};
}

TEST(CppContractReader, ReadsDataMembersAndSkipsEverythingElse) {
  Contract c =
      cpp("struct A final {\n"
          "  static constexpr int k_max = 3;\n"
          "  using Id = std::string;\n"
          "  enum class Kind { k_a, k_b };\n"
          "  struct Nested { int n; };\n"
          "  A() = default;\n"
          "  explicit A(int x);\n"
          "  int size() const { return 1; }\n"
          "  bool operator==(const A&) const = default;\n"
          "  friend void swap(A&, A&);\n"
          " public:\n"
          "  std::string id;\n"
          "  std::uint64_t big = 1'000'000;  // a note\n"
          "  ::std::vector<std::optional<std::string>> notes{};\n"
          " private:\n"
          "  bool done{false};\n"
          "};\n");
  const Dto* a = c.find_dto("A");
  ASSERT_NE(a, nullptr);
  ASSERT_EQ(a->fields.size(), 4u) << "functions, aliases, statics and nested types are no fields";
  EXPECT_EQ(a->fields[0].name, "id");
  EXPECT_EQ(a->fields[1].name, "big");
  EXPECT_EQ(a->fields[1].type.kind, K::k_int);
  EXPECT_EQ(a->fields[1].default_text, "1'000'000");
  EXPECT_EQ(a->fields[2].name, "notes");
  EXPECT_EQ(a->fields[2].type.kind, K::k_list);
  EXPECT_EQ(a->fields[2].type.args[0].kind, K::k_optional);
  EXPECT_EQ(a->fields[3].name, "done");
  EXPECT_EQ(a->fields[3].default_text, "{false}");
}

TEST(CppContractReader, ADigitSeparatorHidesNoLaterMember) {
  Contract c = cpp("struct A {\n  int limit = 1'000;  // the most\n  int used = 0;\n};\n");
  ASSERT_EQ(c.dtos.size(), 1u);
  ASSERT_EQ(c.dtos[0].fields.size(), 2u);
  EXPECT_EQ(c.dtos[0].fields[1].name, "used");
  EXPECT_EQ(c.dtos[0].fields[1].type.kind, K::k_int) << c.dtos[0].fields[1].type.text;
}

TEST(CppContractReader, ReadsEveryMethodSpellingWithItsLine) {
  Contract c = cpp("struct A { int x; };\n",
                   "// The port.\n"
                   "class ShopService {\n"
                   " public:\n"
                   "  virtual ~ShopService() = default;\n"
                   "  virtual Result<A> get(const std::string& id) const noexcept = 0;\n"
                   "  virtual api::Status\n"
                   "  put(A a, int) = 0;\n"
                   "  virtual Result<std::monostate> drop(long count = 1) override = 0;\n"
                   "  virtual Result<std::optional<A>> find(const std::vector<A>& among) = 0;\n"
                   "  void helper();\n"
                   "};\n");
  EXPECT_EQ(c.port, "ShopService");
  ASSERT_EQ(c.methods.size(), 4u);
  EXPECT_EQ(c.methods[0].name, "get");
  EXPECT_EQ(c.methods[0].line, 5);
  EXPECT_EQ(c.methods[0].returns.name, "A");
  EXPECT_EQ(c.methods[1].name, "put");
  EXPECT_EQ(c.methods[1].line, 6);
  EXPECT_EQ(c.methods[1].returns.kind, K::k_none);
  ASSERT_EQ(c.methods[1].params.size(), 2u);
  EXPECT_EQ(c.methods[1].params[0].type.text, "A") << "by value stays by value";
  EXPECT_EQ(c.methods[1].params[1].name, "arg1") << "an unnamed parameter gets a name";
  EXPECT_EQ(c.methods[2].returns.kind, K::k_none);
  ASSERT_EQ(c.methods[2].params.size(), 1u);
  EXPECT_EQ(c.methods[2].params[0].name, "count") << "the default is not the name";
  EXPECT_EQ(c.methods[3].returns.kind, K::k_optional);
  EXPECT_EQ(c.methods[3].params[0].type.text, "const std::vector<A>&");
}

TEST(CppContractReader, TheFirstClassWithPureVirtualsIsThePort) {
  Contract c = cpp("",
                   "struct Helper { int x; };\nclass P {\n  virtual Result<int> n() = 0;\n};\n"
                   "class Q {\n  virtual Result<int> m() = 0;\n};\n");
  EXPECT_EQ(c.port, "P");
  ASSERT_EQ(c.methods.size(), 1u);
}

TEST(CppContractReader, ParsesEveryTypeSpelling) {
  std::vector<std::string> dtos = {"A"};
  EXPECT_EQ(parse_cpp_type("std::string", dtos).kind, K::k_str);
  EXPECT_EQ(parse_cpp_type("const std::string &", dtos).kind, K::k_str);
  EXPECT_EQ(parse_cpp_type("unsigned long long", dtos).kind, K::k_int);
  EXPECT_EQ(parse_cpp_type("int64_t", dtos).kind, K::k_int);
  EXPECT_EQ(parse_cpp_type("float", dtos).kind, K::k_float);
  EXPECT_EQ(parse_cpp_type("bool", dtos).kind, K::k_bool);
  EXPECT_EQ(parse_cpp_type("api::A", dtos).text, "A");
  EXPECT_EQ(parse_cpp_type("std::vector< std::vector<A> >", dtos).args[0].kind, K::k_list);
  EXPECT_EQ(parse_cpp_type("std::vector<A> const&", dtos).kind, K::k_list);
  EXPECT_EQ(parse_cpp_type("std::A", dtos).kind, K::k_unknown) << "std:: names no DTO";
  EXPECT_EQ(parse_cpp_type("std::map<std::string, A>", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_cpp_type("std::chrono::seconds", dtos).kind, K::k_unknown);
  EXPECT_EQ(parse_cpp_type("char", dtos).kind, K::k_unknown);
}

TEST(CppContractReader, RefusesAnErrorChannelWithoutItsCodes) {
  auto c = parse_cpp_contract("shop", "enum class ErrorCode { k_invalid, k_not_found };\n",
                              "api/dto.h", k_cpp_port, "s.h");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().str().find("api/dto.h:1:"), 0u) << c.error().str();
  EXPECT_NE(c.error().message.find("k_unavailable"), std::string::npos);
  EXPECT_FALSE(c.error().hint.empty());
}

TEST(CppContractReader, RefusesAPortWithoutPureVirtualMethods) {
  auto c = parse_cpp_contract("shop", k_cpp_codes, "dto.h",
                              "class S {\n public:\n  virtual Result<int> n();\n};\n", "s.h");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().str().find("s.h:1:"), 0u) << c.error().str();
  EXPECT_NE(c.error().hint.find("= 0"), std::string::npos);
}

TEST(CppContractReader, AMissingApiLayerNamesTheFileAndHowToGenerateIt) {
  TempDir dir("strata-contract");
  auto c = extract_cpp_contract(dir.root(), "shop");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().loc.file, "contexts/shop/api/src/shop/api/dto.h");
  EXPECT_NE(c.error().hint.find("--lang cpp"), std::string::npos);
  dir.write("contexts/shop/api/src/shop/api/dto.h", k_cpp_codes);
  auto no_port = extract_cpp_contract(dir.root(), "shop");
  ASSERT_FALSE(no_port.ok());
  EXPECT_EQ(no_port.error().loc.file, "contexts/shop/api/src/shop/api/shop_service.h");
}

// A split converts every domain event: the contract carries them, and a
// context without its events.h is refused, naming the file.
TEST(CppContractReader, TheContractCarriesTheDomainEventsOfEventsH) {
  TempDir dir("strata-contract");
  std::string base = "contexts/shop/api/src/shop/api/";
  dir.write(base + "dto.h", k_cpp_codes);
  dir.write(base + "shop_service.h", k_cpp_port);
  auto no_events = extract_cpp_contract(dir.root(), "shop");
  ASSERT_FALSE(no_events.ok());
  EXPECT_EQ(no_events.error().loc.file, "contexts/shop/domain/src/shop/domain/events.h");
  dir.write("contexts/shop/domain/src/shop/domain/events.h",
            "struct ShopOpened {\n  std::string shop_id;\n};\n"
            "using ShopEvent = std::variant<ShopOpened>;\n");
  auto c = extract_cpp_contract(dir.root(), "shop");
  ASSERT_TRUE(c.ok()) << c.error().str();
  ASSERT_EQ(c->events.size(), 1u);
  EXPECT_EQ(c->events[0].name, "ShopOpened");
  EXPECT_EQ(c->events[0].fields[0].name, "shop_id");
  EXPECT_EQ(c->events_file, "contexts/shop/domain/src/shop/domain/events.h");
}

// ---- Inheritance ----

// A DTO that extends another carries the other's fields first (a subclass's
// own field of the same name takes its place), in each language.
void expect_inherited(const Contract& c, const std::string& language) {
  const Dto* child = c.find_dto("ChildDto");
  ASSERT_NE(child, nullptr) << language;
  std::vector<std::string> names;
  for (const auto& f : child->fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "note", "name"})) << language;
  EXPECT_NE(child->fields[1].type.kind, K::k_str) << language << ": the child's own type wins";
}

TEST(ContractReaders, ADtoCarriesTheFieldsOfTheDtoItExtends) {
  expect_inherited(py("@dataclass\nclass BaseDto:\n    id: str\n    note: str\n\n"
                      "@dataclass\nclass ChildDto(BaseDto):\n    note: int\n    name: str\n"),
                   "python");
  expect_inherited(
      ts("export interface ChildDto extends BaseDto {\n  note: number;\n  name: string;\n}\n"
         "export interface BaseDto {\n  id: string;\n  note: string;\n}\n"),
      "typescript");
  expect_inherited(
      cpp("struct BaseDto {\n  std::string id;\n  std::string note;\n};\n"
          "struct ChildDto : public BaseDto {\n  int note = 0;\n  std::string name;\n};\n"),
      "cpp");
}

TEST(ContractReaders, InheritanceOverSeveralLevelsAndFromNonDtosReadsOnlyDtoFields) {
  Contract c =
      py("@dataclass\nclass A:\n    a: str\n\n@dataclass\nclass B(A):\n    b: str\n\n"
         "@dataclass(frozen=True)\nclass C(B, Generic[T]):\n    c: str\n");
  std::vector<std::string> names;
  for (const auto& f : c.find_dto("C")->fields) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c"}));
  Contract cycle =
      ts("export interface A extends B {\n  a: string;\n}\n"
         "export interface B extends A {\n  b: string;\n}\n");
  EXPECT_FALSE(cycle.find_dto("A")->fields.empty()) << "a cycle ends, with the fields it has";
}

// ---- All three ----

TEST(ContractReaders, OneContractReadsTheSameInEachLanguage) {
  Contract p = py("@dataclass\nclass ItemDto:\n    sku: str\n    qty: int\n",
                  "class S(Protocol):\n    def add(self, item: ItemDto) -> list[ItemDto]: ...\n");
  Contract t = ts("export interface ItemDto {\n  sku: string;\n  qty: number;\n}\n",
                  "export interface S {\n  add(item: ItemDto): Promise<ItemDto[]>;\n}\n");
  Contract c = cpp("struct ItemDto {\n  std::string sku;\n  int qty = 0;\n};\n",
                   "class S {\n  virtual Result<std::vector<ItemDto>> add(const ItemDto& item) = 0;"
                   "\n};\n");
  for (const Contract* x : {&p, &t, &c}) {
    ASSERT_EQ(x->dtos.size(), 1u) << x->language;
    EXPECT_EQ(x->dtos[0].fields[0].type.kind, K::k_str) << x->language;
    ASSERT_EQ(x->methods.size(), 1u) << x->language;
    EXPECT_EQ(x->methods[0].params[0].type.kind, K::k_dto) << x->language;
    EXPECT_EQ(x->methods[0].returns.kind, K::k_list) << x->language;
    EXPECT_TRUE(unserialisable_types(*x).empty()) << x->language;
  }
}

}  // namespace
}  // namespace strata::service
