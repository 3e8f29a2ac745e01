#include "exec/child_env.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace strata {
namespace {

std::string value_of(const std::vector<std::string>& env, const std::string& name) {
  for (const auto& kv : env)
    if (kv.compare(0, name.size() + 1, name + "=") == 0) return kv.substr(name.size() + 1);
  return "<unset>";
}

TEST(ChildEnv, PrependsProjectAndRootBinsAndTheVenvToPath) {
  const char* inherited[] = {"PATH=/usr/bin:/bin", "HOME=/home/u", nullptr};
  auto env = build_child_env(inherited, {}, "/w/apps/web", "/w");
  EXPECT_EQ(value_of(env, "PATH"),
            "/w/apps/web/node_modules/.bin:/w/node_modules/.bin:/w/.venv/bin:/usr/bin:/bin");
  EXPECT_EQ(value_of(env, "HOME"), "/home/u");
}

TEST(ChildEnv, RootBinAppearsOnceWhenCwdIsTheRoot) {
  const char* inherited[] = {"PATH=/bin", nullptr};
  auto env = build_child_env(inherited, {}, "/w/", "/w");
  EXPECT_EQ(value_of(env, "PATH"), "/w/node_modules/.bin:/w/.venv/bin:/bin");
}

TEST(ChildEnv, TargetEnvOverridesInheritedAndItsPathIsPrependedToo) {
  const char* inherited[] = {"PATH=/bin", "NODE_ENV=development", nullptr};
  auto env =
      build_child_env(inherited, {{"NODE_ENV", "production"}, {"PATH", "/opt/bin"}}, "/w/a", "/w");
  EXPECT_EQ(value_of(env, "NODE_ENV"), "production");
  EXPECT_EQ(value_of(env, "PATH"),
            "/w/a/node_modules/.bin:/w/node_modules/.bin:/w/.venv/bin:/opt/bin");
}

TEST(ChildEnv, ColourAndCiVariablesPassThroughUntouched) {
  const char* inherited[] = {"FORCE_COLOR=3", "CI=true", "NO_COLOR=1", nullptr};
  auto env = build_child_env(inherited, {}, "/w", "/w");
  EXPECT_EQ(value_of(env, "FORCE_COLOR"), "3");
  EXPECT_EQ(value_of(env, "CI"), "true");
  EXPECT_EQ(value_of(env, "NO_COLOR"), "1");
}

TEST(ChildEnv, WithoutInheritedPathOnlyTheBinsAreSet) {
  auto env = build_child_env(nullptr, {}, "/w/a", "/w");
  EXPECT_EQ(value_of(env, "PATH"), "/w/a/node_modules/.bin:/w/node_modules/.bin:/w/.venv/bin");
  EXPECT_EQ(env.size(), 1u);
}

TEST(ChildEnv, EachNameAppearsOnce) {
  const char* inherited[] = {"A=1", "A=2", "B=x=y", "=bogus", nullptr};
  auto env = build_child_env(inherited, {}, "", "");
  EXPECT_EQ(std::count_if(env.begin(), env.end(), [](auto& kv) { return kv[0] == 'A'; }), 1);
  EXPECT_EQ(value_of(env, "A"), "2");
  EXPECT_EQ(value_of(env, "B"), "x=y");
}

}  // namespace
}  // namespace strata
