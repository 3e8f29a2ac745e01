#include "model/workspace.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

Workspace sorted(std::initializer_list<const char*> names) {
  Workspace ws;
  for (const char* n : names) {
    Project p;
    p.name = n;
    ws.projects.push_back(p);
  }
  return ws;
}

TEST(WorkspaceFind, FindsEveryProjectOfASortedList) {
  Workspace ws = sorted({"@acme/ui", "api", "api-e2e", "web"});
  for (const auto& p : ws.projects) {
    const Project* found = ws.find(p.name);
    ASSERT_NE(found, nullptr) << p.name;
    EXPECT_EQ(found, &p);
  }
}

TEST(WorkspaceFind, ANearNameOrPrefixIsNotAMatch) {
  Workspace ws = sorted({"api", "api-e2e", "web"});
  EXPECT_EQ(ws.find("ap"), nullptr);
  EXPECT_EQ(ws.find("api-"), nullptr);
  EXPECT_EQ(ws.find("API"), nullptr);
  EXPECT_EQ(ws.find(""), nullptr);
  EXPECT_EQ(ws.find("zzz"), nullptr);  // past the end
  EXPECT_EQ(sorted({}).find("api"), nullptr);
}

TEST(WorkspaceNames, InProjectOrder) {
  EXPECT_EQ(sorted({"a", "b", "c"}).project_names(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(sorted({}).project_names().empty());
}

TEST(UnknownProject, SuggestsACloseName) {
  Error e = sorted({"billing", "shipping"}).unknown_project("biling");
  EXPECT_EQ(e.message, "unknown project 'biling'");
  EXPECT_NE(e.hint.find("billing"), std::string::npos) << e.hint;
  EXPECT_EQ(e.kind, ErrorKind::k_invalid_input);
}

TEST(UnknownProject, WithoutACloseNamePointsToTheList) {
  Error e = sorted({"billing"}).unknown_project("zzzzzzzz");
  EXPECT_EQ(e.hint, "run 'strata show projects' to list them");
  EXPECT_EQ(sorted({}).unknown_project("x").hint, "run 'strata show projects' to list them");
}

}  // namespace
}  // namespace strata
