#include "boundary/import_facts.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(ImportFacts, ExternalPackageByLanguage) {
  EXPECT_EQ(external_package("a/x.py", {"fastapi.routing.APIRouter"}), "fastapi");
  EXPECT_EQ(external_package("a/x.ts", {"@nestjs/common/decorators"}), "@nestjs/common");
  EXPECT_EQ(external_package("a/x.ts", {"express"}), "express");
  EXPECT_EQ(external_package("a/x.ts", {"./local"}), "");
  EXPECT_EQ(external_package("a/x.cc", {"boost/asio.hpp", ImportKind::k_angled_include}), "boost");
  EXPECT_EQ(external_package("a/x.h", {"httplib.h", ImportKind::k_angled_include}), "httplib");
}

TEST(ImportFacts, EveryImportLeavingItsProjectWithItsLine) {
  Workspace ws;
  ws.root = "/nonexistent";
  Project a, b;
  a.name = "a";
  a.root = "libs/a";
  a.python_packages = {"pkg_a"};
  b.name = "b";
  b.root = "libs/b";
  b.python_packages = {"pkg_b"};
  ws.projects = {a, b};
  std::vector<std::string> files = {"libs/a/pkg_a/__init__.py", "libs/a/pkg_a/m.py",
                                    "libs/b/pkg_b/__init__.py"};
  GraphInputs in;
  in.files = &files;
  in.sources.push_back({files[1],
                        0,
                        {{"pkg_a.other", ImportKind::k_static, 1},
                         {"pkg_b.thing", ImportKind::k_static, 2},
                         {"fastapi", ImportKind::k_static, 3},
                         {"pkg_b", ImportKind::k_static, 5}}});
  auto facts = resolve_import_facts(ws, in);
  ASSERT_EQ(facts.size(), 3u);
  EXPECT_EQ(facts[0].to, 1);
  EXPECT_EQ(facts[0].line, 2u);
  EXPECT_EQ(facts[0].spec, "pkg_b.thing");
  EXPECT_EQ(facts[1].to, -1);
  EXPECT_EQ(facts[1].external, "fastapi");
  EXPECT_EQ(facts[2].line, 5u);
  EXPECT_EQ(facts[2].file, "libs/a/pkg_a/m.py");
}

}  // namespace
}  // namespace strata
