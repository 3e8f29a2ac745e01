#include "config/target_schema.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

using nlohmann::json;

// A project.json whose "targets" object is `targets_text`, checked.
struct Checked {
  std::unique_ptr<ConfigFile> file;
  json targets;

  explicit Checked(const std::string& targets_text) {
    file = ConfigFile::from_json("libs/a/project.json", "{\n\"targets\": " + targets_text + "\n}");
    EXPECT_TRUE(file->ok());
    json& t = file->mutable_root()["targets"];
    validate_targets(*file, t, "/targets");
    targets = t;
  }

  std::vector<std::string> errors() const {
    std::vector<std::string> out;
    for (const auto& d : file->diags().items())
      if (d.severity == Severity::k_error) out.push_back(d.error.str());
    return out;
  }
  std::vector<std::string> warnings() const {
    std::vector<std::string> out;
    for (const auto& d : file->diags().items())
      if (d.severity == Severity::k_warning) out.push_back(d.error.str());
    return out;
  }
};

TEST(ValidateTarget, AValidTargetIsKeptAsWritten) {
  Checked c(R"({"build": {"executor": "nx:run-commands",
    "options": {"command": "tsc", "cwd": "libs/a", "parallel": false, "env": {"A": "1", "B": 2}},
    "dependsOn": ["^build", {"target": "gen", "projects": ["tools"], "params": "forward"}],
    "inputs": ["production", {"env": "NODE_ENV"}], "outputs": ["{projectRoot}/dist"],
    "cache": true, "configurations": {"prod": {"command": "tsc -p prod"}}}})");
  EXPECT_TRUE(c.errors().empty()) << c.errors()[0];
  EXPECT_TRUE(c.warnings().empty());
  EXPECT_EQ(c.targets["build"]["dependsOn"].size(), 2u);
  EXPECT_EQ(c.targets["build"]["options"]["command"], "tsc");
}

TEST(ValidateTarget, TheCommandShorthandBecomesRunCommands) {
  Checked c(R"({"build": {"command": "make", "options": {"cwd": "x"}}})");
  EXPECT_TRUE(c.errors().empty());
  EXPECT_EQ(c.targets["build"], (json{{"executor", "nx:run-commands"},
                                      {"options", {{"cwd", "x"}, {"command", "make"}}}}));
}

TEST(ValidateTarget, CommandBesideAnotherExecutorDropsTheTarget) {
  Checked c(R"({"build": {"command": "make", "executor": "@nx/js:tsc"}, "ok": {"command": "x"}})");
  ASSERT_EQ(c.errors().size(), 1u);
  EXPECT_EQ(c.errors()[0],
            "libs/a/project.json:2:23: a target cannot have both 'command' and 'executor'");
  EXPECT_FALSE(c.targets.contains("build"));
  EXPECT_TRUE(c.targets.contains("ok"));
}

TEST(ValidateTarget, ANonObjectTargetIsDroppedWithAnExample) {
  Checked c(R"({"build": "make"})");
  ASSERT_EQ(c.errors().size(), 1u);
  EXPECT_NE(c.errors()[0].find("target 'build' must be an object"), std::string::npos);
  EXPECT_EQ(c.file->diags().first_error().hint, R"(for example "build": {"command": "make"})");
  EXPECT_TRUE(c.targets.empty());
}

TEST(ValidateTarget, WrongTypesAreReportedAtTheKeyAndRemoved) {
  Checked c(R"({"t": {"executor": 1, "defaultConfiguration": [], "outputs": ["a", 2],
    "cache": "yes", "inputs": "src/**"}})");
  std::vector<std::string> e = c.errors();
  ASSERT_EQ(e.size(), 5u);
  EXPECT_NE(e[0].find("'executor' must be a string"), std::string::npos) << e[0];
  EXPECT_EQ(e[0].rfind("libs/a/project.json:2:", 0), 0u) << e[0];
  EXPECT_EQ(c.targets["t"], json::object());  // everything bad is gone, the target stays
}

TEST(ValidateTarget, UnknownKeysWarnWithADidYouMean) {
  Checked c(R"({"build": {"comand": "make", "executor": "nx:noop"}})");
  EXPECT_TRUE(c.errors().empty());
  ASSERT_EQ(c.warnings().size(), 1u);
  EXPECT_NE(c.warnings()[0].find("comand"), std::string::npos);
  EXPECT_NE(c.file->diags().items()[0].error.hint.find("command"), std::string::npos);
}

TEST(ValidateDependsOn, BadEntriesAreDroppedOneByOne) {
  Checked c(R"({"build": {"command": "x", "dependsOn": [
    "^gen", 5, {"projects": "a"}, {"target": "lint", "params": "maybe"},
    {"target": "test", "dependencies": "yes", "projects": [1]}]}})");
  std::vector<std::string> e = c.errors();
  ASSERT_EQ(e.size(), 5u) << ::testing::PrintToString(e);
  EXPECT_NE(e[0].find("must be a target name or an object"), std::string::npos);
  EXPECT_NE(e[1].find("needs a \"target\" string"), std::string::npos);
  EXPECT_NE(e[2].find("'params' must be \"forward\" or \"ignore\""), std::string::npos);
  EXPECT_EQ(c.targets["build"]["dependsOn"],
            (json{"^gen", {{"target", "lint"}}, {{"target", "test"}}}));
}

TEST(ValidateDependsOn, NotAnArrayIsRemoved) {
  Checked c(R"({"build": {"command": "x", "dependsOn": "^build"}})");
  ASSERT_EQ(c.errors().size(), 1u);
  EXPECT_NE(c.errors()[0].find("'dependsOn' must be an array"), std::string::npos);
  EXPECT_FALSE(c.targets["build"].contains("dependsOn"));
}

TEST(ValidateInputs, EachObjectNeedsOneKnownForm) {
  Checked c(R"({"build": {"command": "x", "inputs": [
    "default", 3, {"fileset": 1}, {"externalDependencies": ["a", 2]}, {"what": "x"},
    {"runtime": "node -v"}]}})");
  std::vector<std::string> e = c.errors();
  ASSERT_EQ(e.size(), 4u) << ::testing::PrintToString(e);
  EXPECT_NE(e[0].find("an input must be a string or an object"), std::string::npos);
  EXPECT_NE(e[1].find("'fileset' must be a string"), std::string::npos);
  EXPECT_NE(e[2].find("'externalDependencies' must be an array of strings"), std::string::npos);
  EXPECT_NE(e[3].find("an input object needs one of"), std::string::npos);
  EXPECT_EQ(c.targets["build"]["inputs"], (json{"default", {{"runtime", "node -v"}}}));
}

TEST(ValidateRunCommandsOptions, ChecksEveryOptionItReads) {
  Checked c(R"({"build": {"executor": "nx:run-commands", "options": {
    "command": ["a"], "cwd": 1, "envFile": false, "parallel": "no", "forwardAllArgs": 1,
    "args": {"x": 1}, "env": {"A": {"nested": 1}}, "commands": ["ok", {"cmd": "x"}]}}})");
  EXPECT_EQ(c.errors().size(), 8u) << ::testing::PrintToString(c.errors());
  EXPECT_EQ(c.targets["build"]["options"], json::object());
}

TEST(ValidateRunCommandsOptions, AcceptsTheFormsNxAccepts) {
  Checked c(R"({"build": {"options": {"commands": ["a", {"command": "b", "forwardAllArgs": false}],
    "args": ["--x", "--y"], "env": {"N": 1, "B": true, "S": "s"}}}})");
  EXPECT_TRUE(c.errors().empty()) << c.errors()[0];
}

TEST(ValidateRunCommandsOptions, ACommandObjectsForwardAllArgsMustBeABoolean) {
  // The runner reads it as a bool; a string there threw out of the JSON
  // library when the task's command was built.
  Checked c(R"({"build": {"options": {"commands": [{"command": "a", "forwardAllArgs": "no"}]}}})");
  ASSERT_EQ(c.errors().size(), 1u) << ::testing::PrintToString(c.errors());
  EXPECT_NE(c.errors()[0].find("'commands'"), std::string::npos) << c.errors()[0];
  EXPECT_FALSE(c.targets["build"]["options"].contains("commands"));
}

TEST(ValidateRunCommandsOptions, OtherExecutorsOptionsAreTheirOwnBusiness) {
  Checked c(R"({"build": {"executor": "@nx/js:tsc", "options": {"cwd": 1, "command": []}}})");
  EXPECT_TRUE(c.errors().empty());
  EXPECT_EQ(c.targets["build"]["options"]["cwd"], 1);
}

TEST(ValidateConfigurations, EachMustBeAnObjectOfOptions) {
  Checked c(R"({"build": {"command": "x", "configurations": {"prod": 1, "dev": {"cwd": 2},
    "ok": {"cwd": "y"}}}})");
  std::vector<std::string> e = c.errors();
  ASSERT_EQ(e.size(), 2u) << ::testing::PrintToString(e);
  // Keys are visited in JSON object (sorted) order: dev, ok, prod.
  EXPECT_NE(e[0].find("'cwd' must be a string"), std::string::npos);
  EXPECT_NE(e[1].find("configuration 'prod' must be an object"), std::string::npos);
  EXPECT_EQ(c.targets["build"]["configurations"],
            (json{{"dev", json::object()}, {"ok", {{"cwd", "y"}}}}));
}

TEST(ValidateConfigurations, NotAnObjectIsRemoved) {
  Checked c(R"({"build": {"command": "x", "configurations": ["prod"]}})");
  ASSERT_EQ(c.errors().size(), 1u);
  EXPECT_FALSE(c.targets["build"].contains("configurations"));
}

TEST(ValidateNamedInputs, EachValueMustBeAnInputsArray) {
  auto file =
      ConfigFile::from_json("nx.json", R"({"namedInputs": {"default": ["{projectRoot}/**/*"],
    "production": "default", "mixed": ["default", 1]}})");
  json& named = file->mutable_root()["namedInputs"];
  validate_named_inputs(*file, named, "/namedInputs");
  ASSERT_EQ(file->diags().items().size(), 2u);
  EXPECT_NE(
      file->diags().items()[1].error.message.find("named input 'production' must be an array"),
      std::string::npos);
  EXPECT_EQ(named, (json{{"default", {"{projectRoot}/**/*"}}, {"mixed", {"default"}}}));
}

TEST(ValidateTargets, IsIdempotent) {
  // A checked target passes the check again unchanged, with no new problem.
  Checked c(R"({"build": {"command": "make", "cache": "x", "dependsOn": [1, "^a"]},
    "bad": 5})");
  auto again = ConfigFile::from_json("p.json", json{{"targets", c.targets}}.dump());
  json t = again->root()["targets"];
  validate_targets(*again, t, "/targets");
  EXPECT_TRUE(again->diags().items().empty());
  EXPECT_EQ(t, c.targets);
}

}  // namespace
}  // namespace strata
