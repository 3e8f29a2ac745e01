#include "service/service_layout.h"

#include <gtest/gtest.h>

namespace strata::service {
namespace {

Contract contract(const std::string& name) {
  auto c = parse_python_contract(
      name, "@dataclass(frozen=True)\nclass ADto:\n    id: str\n", "dtos.py",
      "class S(Protocol):\n    def get(self, id: str) -> ADto: ...\n", "port.py");
  EXPECT_TRUE(c.ok());
  return *c;
}

Topology split(std::initializer_list<const char*> names) {
  Topology t;
  int port = 8100;
  for (const char* n : names) {
    ServiceConfig c;
    c.context = n;
    c.port = port++;
    t.services[n] = c;
  }
  return t;
}

TEST(ServiceLayout, NothingSplitDerivesNothing) {
  Contracts cs = {{"a", contract("a")}};
  Layout l = derive_layout("/nonexistent", Topology{}, "", cs);
  EXPECT_TRUE(l.files.empty());
  EXPECT_TRUE(l.owned_dirs.empty());
}

TEST(ServiceLayout, ASplitContextGetsItsServiceAndTheMonolithItsComposition) {
  Contracts cs = {{"a", contract("a")}, {"b", contract("b")}};
  Topology t = split({"a"});
  Layout l = derive_layout("/nonexistent", t, format_topology(t), cs);
  EXPECT_TRUE(l.files.count("contexts/a/service/project.json"));
  EXPECT_TRUE(l.files.count("contexts/a/service/tests/test_contract.py"));
  EXPECT_FALSE(l.files.count("contexts/b/service/project.json"));
  EXPECT_TRUE(l.files.count("apps/monolith-python/src/strata_monolith/b/contract.py"));
  EXPECT_EQ(l.owned_dirs, (std::vector<std::string>{"contexts/a/service", "apps/monolith-python"}));
  const std::string& comp = l.files.at("apps/monolith-python/src/strata_monolith/composition.py");
  EXPECT_NE(comp.find("a_http.http_client()"), std::string::npos);
  EXPECT_NE(comp.find("b_contract.local_client(b_wiring.make_service())"), std::string::npos);
}

TEST(ServiceLayout, IsAFunctionOfItsInputs) {
  Contracts cs = {{"a", contract("a")}};
  Topology t = split({"a"});
  auto one = derive_layout("/nonexistent", t, format_topology(t), cs);
  auto two = derive_layout("/nonexistent", t, format_topology(t), cs);
  EXPECT_EQ(one.files, two.files);
}

TEST(ServiceLayout, EveryGeneratedTextFileCarriesTheHeader) {
  Contracts cs = {{"a", contract("a")}};
  Topology t = split({"a"});
  for (const auto& [path, text] : derive_layout("/nonexistent", t, format_topology(t), cs).files) {
    if (path.ends_with(".json") || path.ends_with("py.typed")) continue;
    EXPECT_TRUE(text.starts_with("# strata:generated v1 inputs=")) << path;
  }
}

}  // namespace
}  // namespace strata::service
