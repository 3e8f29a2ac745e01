#include "config/project_source.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

using Names = std::vector<std::string>;

std::string errors(const ConfigFile& f) {
  std::string out;
  for (const auto& d : f.diags().items())
    if (d.severity == Severity::k_error) out += d.error.str() + "\n";
  return out;
}

TEST(ReadPackageJson, DependenciesOfEveryKindSortedOnce) {
  auto f = ConfigFile::from_json("apps/web/package.json", R"({"name": "@acme/web",
    "dependencies": {"react": "^18", "@acme/ui": "*"},
    "devDependencies": {"vite": "5", "react": "^18"},
    "peerDependencies": {"react-dom": "^18"},
    "optionalDependencies": {"fsevents": "2"}})");
  ProjectSource s = read_package_json(*f);
  EXPECT_EQ(s.package_name, "@acme/web");
  EXPECT_EQ(s.fallback_name, "@acme/web");
  EXPECT_FALSE(s.explicit_name.has_value());
  EXPECT_EQ(s.dir, "apps/web");
  EXPECT_EQ(s.package_dependencies, (Names{"@acme/ui", "fsevents", "react", "react-dom", "vite"}));
  EXPECT_FALSE(s.has_project_config);
  EXPECT_EQ(errors(*f), "");
}

TEST(ReadPackageJson, AScriptThatIsNoStringIsAnErrorAtItsKey) {
  auto f = ConfigFile::from_json("package.json",
                                 "{\n  \"scripts\": {\"build\": \"tsc\", \"test\": [\"jest\"]}\n}");
  ProjectSource s = read_package_json(*f);
  EXPECT_EQ(s.scripts.size(), 1u);
  EXPECT_EQ(s.scripts.at("build"), "tsc");
  EXPECT_NE(errors(*f).find("package.json:2:"), std::string::npos) << errors(*f);
  EXPECT_NE(errors(*f).find("script 'test' must be a string"), std::string::npos);
}

TEST(ReadPackageJson, TheNxObjectGivesProjectConfiguration) {
  auto f = ConfigFile::from_json("libs/a/package.json", R"({"name": "a-pkg",
    "nx": {"name": "a", "tags": ["scope:a"], "includedScripts": ["build"],
           "targets": {"build": {"cache": true}}}})");
  ProjectSource s = read_package_json(*f);
  EXPECT_TRUE(s.has_project_config);
  EXPECT_EQ(s.explicit_name, "a");
  EXPECT_EQ(s.name_pointer, "/nx/name");
  EXPECT_EQ(s.tags, Names{"scope:a"});
  EXPECT_EQ(s.included_scripts, Names{"build"});
  ASSERT_NE(s.targets, nullptr);
  EXPECT_TRUE(s.targets->contains("build"));
}

TEST(ReadPackageJson, WorkspacesAsAnArrayOrAnObject) {
  auto array = ConfigFile::from_json("package.json", R"({"workspaces": ["apps/*", "libs/*"]})");
  EXPECT_EQ(package_json_workspaces(*array), (Names{"apps/*", "libs/*"}));
  auto object = ConfigFile::from_json("package.json", R"({"workspaces": {"packages": ["p/*"]}})");
  EXPECT_EQ(package_json_workspaces(*object), Names{"p/*"});
  auto none = ConfigFile::from_json("package.json", R"({"name": "x"})");
  EXPECT_EQ(package_json_workspaces(*none), Names{});
  auto wrong = ConfigFile::from_json("package.json", R"({"workspaces": "apps/*"})");
  EXPECT_EQ(package_json_workspaces(*wrong), Names{});
  EXPECT_NE(errors(*wrong), "");
}

TEST(ReadProjectJson, ChecksTypeLanguageAndShape) {
  auto f = ConfigFile::from_json("libs/a/project.json", R"({"name": "a",
    "projectType": "service", "language": "pyhton", "tags": "x"})");
  ProjectSource s = read_project_json(*f);
  EXPECT_EQ(s.explicit_name, "a");
  EXPECT_FALSE(s.project_type.has_value());
  EXPECT_FALSE(s.language.has_value());
  std::string e = errors(*f);
  EXPECT_NE(e.find("'projectType' must be \"application\" or \"library\""), std::string::npos) << e;
  EXPECT_NE(e.find("unknown language 'pyhton'"), std::string::npos) << e;
  EXPECT_NE(f->diags().items().back().error.hint.find("python"), std::string::npos);
}

TEST(ReadProjectJson, ANonObjectDocumentIsAnError) {
  auto f = ConfigFile::from_json("project.json", "[1]");
  read_project_json(*f);
  EXPECT_NE(errors(*f).find("project.json must hold a JSON object"), std::string::npos);
}

TEST(ReadPyproject, Pep621NameAndRequirementsNormalised) {
  auto f = ConfigFile::from_toml("libs/money/pyproject.toml", R"([project]
name = "Acme_Money"
dependencies = ["Acme-Core>=1.0", "requests[socks]; python_version >= '3.9'"]
[project.optional-dependencies]
dev = ["pytest"]
[dependency-groups]
lint = ["ruff"]
)");
  ASSERT_TRUE(f->ok());
  ProjectSource s = read_pyproject(*f);
  EXPECT_EQ(s.fallback_name, "Acme_Money");
  EXPECT_EQ(s.package_name, "acme-money");
  EXPECT_EQ(s.import_name, "acme_money");
  EXPECT_EQ(s.package_dependencies, (Names{"acme-core", "pytest", "requests", "ruff"}));
  EXPECT_EQ(errors(*f), "");
}

TEST(ReadPyproject, PoetryNamesAndGroupsWithoutPython) {
  auto f = ConfigFile::from_toml("pyproject.toml", R"([tool.poetry]
name = "svc"
[tool.poetry.dependencies]
python = "^3.11"
Flask = "*"
[tool.poetry.group.test.dependencies]
PyTest = "*"
)");
  ASSERT_TRUE(f->ok());
  ProjectSource s = read_pyproject(*f);
  EXPECT_EQ(s.fallback_name, "svc");
  EXPECT_EQ(s.package_dependencies, (Names{"flask", "pytest"}));
}

TEST(ReadPyproject, DependenciesThatAreNoListAreAnError) {
  auto f = ConfigFile::from_toml("pyproject.toml",
                                 "[project]\nname = \"x\"\ndependencies = \"requests\"\n");
  ASSERT_TRUE(f->ok());
  ProjectSource s = read_pyproject(*f);
  EXPECT_TRUE(s.package_dependencies.empty());
  EXPECT_NE(errors(*f).find("'dependencies' must be an array"), std::string::npos);
}

// Tables of the wrong TOML type are skipped or reported, never an
// exception out of the JSON library (the loader runs on worker threads).
TEST(ReadPyproject, PoetryTablesOfTheWrongTypeDoNotThrow) {
  for (const char* text : {"[tool]\npoetry = \"x\"\n", "[tool.poetry]\nname = \"a\"\ngroup = 5\n",
                           "[tool.poetry]\nname = \"a\"\n[tool.poetry.group]\ndev = 5\n",
                           "[tool.poetry]\nname = \"a\"\ndependencies = [\"flask\"]\n"}) {
    auto f = ConfigFile::from_toml("pyproject.toml", text);
    ASSERT_TRUE(f->ok()) << text;
    EXPECT_NO_THROW(read_pyproject(*f)) << text;
  }
}

}  // namespace
}  // namespace strata
