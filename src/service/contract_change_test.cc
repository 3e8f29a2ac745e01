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

}  // namespace
}  // namespace strata::service
