#include "service/contract_change.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

Contract parse(const std::string& dtos, const std::string& port) {
  auto c = parse_python_contract("a", dtos, "dtos.py", port, "port.py");
  EXPECT_TRUE(c.ok());
  return c.ok() ? *c : Contract{};
}

const std::string k_dtos = "@dataclass\nclass Req:\n    name: str\n    n: int = 1\n";
const std::string k_port =
    "class S(Protocol):\n    def open(self, r: Req) -> str: ...\n    def close(self, id: str) -> "
    "None: ...\n";

std::vector<std::string> whats(const std::vector<BreakingChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(c.what);
  return out;
}

TEST(ContractChange, RoundTripsThroughJson) {
  Contract c = parse(k_dtos, k_port);
  auto back = contract_from_json(contract_to_json(c));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, c);
  EXPECT_FALSE(contract_from_json("{\"version\": 2}"));
  EXPECT_FALSE(contract_from_json("not json"));
}

TEST(ContractChange, NoChangeBreaksNothing) {
  Contract c = parse(k_dtos, k_port);
  EXPECT_TRUE(breaking_changes(c, c).empty());
}

TEST(ContractChange, AFieldWithADefaultIsCompatibleOneWithoutIsNot) {
  Contract before = parse(k_dtos, k_port);
  Contract after = parse(k_dtos + "    note: str = \"\"\n    size: int\n", k_port);
  EXPECT_EQ(whats(breaking_changes(before, after)),
            std::vector<std::string>{"Req.size added without a default"});
}

TEST(ContractChange, RemovedAndRetypedPartsBreakClients) {
  Contract before = parse(k_dtos, k_port);
  Contract after = parse("@dataclass\nclass Req:\n    name: int\n",
                         "class S(Protocol):\n    def open(self, r: Req) -> int: ...\n");
  EXPECT_EQ(whats(breaking_changes(before, after)),
            (std::vector<std::string>{"method open: result str -> int", "method close removed",
                                      "Req.name: str -> int", "Req.n removed"}));
}

TEST(ContractChange, RespellingATypeBreaksNothing) {
  // The same wire types, written another way: Optional[X] and X | None,
  // List[X] and list[X], a string annotation.
  Contract before = parse(
      "@dataclass\nclass Req:\n    name: Optional[str]\n    tags: List[str]\n    r: \"Req\"\n",
      "class S(Protocol):\n    def open(self, r: Optional[Req]) -> List[Req]: ...\n");
  Contract after =
      parse("@dataclass\nclass Req:\n    name: str | None\n    tags: list[str]\n    r: Req\n",
            "class S(Protocol):\n    def open(self, r: Req | None) -> list[Req]: ...\n");
  EXPECT_TRUE(whats(breaking_changes(before, after)).empty())
      << ::testing::PrintToString(whats(breaking_changes(before, after)));
}

TEST(ContractChange, AnUnknownTypeIsComparedByItsText) {
  Contract before = parse("@dataclass\nclass Req:\n    at: datetime\n", k_port);
  Contract after = parse("@dataclass\nclass Req:\n    at: date\n", k_port);
  EXPECT_EQ(whats(breaking_changes(before, after)),
            std::vector<std::string>{"Req.at: datetime -> date"});
  EXPECT_TRUE(breaking_changes(before, before).empty());
}

TEST(ContractChange, NewMethodsAndDtosBreakNothing) {
  Contract before = parse(k_dtos, k_port);
  Contract after = parse(k_dtos + "\n@dataclass\nclass Extra:\n    x: int\n",
                         k_port + "    def extra(self) -> Extra: ...\n");
  EXPECT_TRUE(breaking_changes(before, after).empty());
}

TEST(ContractChange, ARenamedOrReorderedParameterBreaksClients) {
  Contract before = parse(k_dtos, k_port);
  Contract renamed = parse(k_dtos,
                           "class S(Protocol):\n    def open(self, request: Req) -> str: ...\n"
                           "    def close(self, id: str) -> None: ...\n");
  EXPECT_EQ(whats(breaking_changes(before, renamed)),
            std::vector<std::string>{"method open: its parameters changed"});
  Contract more = parse(k_dtos,
                        "class S(Protocol):\n    def open(self, r: Req, n: int) -> str: ...\n"
                        "    def close(self, id: str) -> None: ...\n");
  EXPECT_EQ(whats(breaking_changes(before, more)),
            std::vector<std::string>{"method open: its parameters changed"});
}

TEST(ContractChange, EachChangeNamesTheFileAndLineOfTheNewContract) {
  Contract before = parse(k_dtos, k_port);
  Contract after = parse("\n\n@dataclass\nclass Req:\n    name: int\n",
                         "\nclass S(Protocol):\n    def close(self, id: str) -> None: ...\n"
                         "    def open(self, r: Req) -> int: ...\n");
  auto changes = breaking_changes(before, after);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].file, "port.py");
  EXPECT_EQ(changes[0].line, 4) << changes[0].what;
  EXPECT_EQ(changes[1].file, "dtos.py");
  EXPECT_EQ(changes[1].line, 4) << changes[1].what;
}

TEST(ContractChange, AContractFileThatIsNotOneReadsAsNothingToCompare) {
  Contract c = parse(k_dtos, k_port);
  std::string json = contract_to_json(c);
  EXPECT_FALSE(contract_from_json("[]"));
  EXPECT_FALSE(contract_from_json("{\"version\": 1}")) << "no dtos or methods";
  EXPECT_FALSE(
      contract_from_json("{\"version\": 1, \"dtos\": [{\"fields\": [{}]}], \"methods\": []}"))
      << "a field without a type";
  EXPECT_TRUE(contract_from_json(json));
  EXPECT_EQ(contract_to_json(*contract_from_json(json)), json) << "written back byte for byte";
}

}  // namespace
}  // namespace strata::service
