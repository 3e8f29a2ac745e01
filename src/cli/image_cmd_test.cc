// `strata image check` run in-process on a scratch workspace: the offline
// Dockerfile policy over named files or every Dockerfile of the workspace,
// its findings as one error line each (file:line:col, rule, hint) or as
// JSON, the exit codes, and the usage errors of the `image` group.

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using nlohmann::json;
using Output = testsupport::CommandOutput;

const char* k_good =
    "FROM localhost/base:bookworm AS build\n"
    "RUN make\n"
    "FROM localhost/runtime:bookworm\n"
    "COPY --from=build /out /out\n"
    "USER 10001:10001\n"
    "HEALTHCHECK CMD [\"/out/probe\"]\n"
    "ENTRYPOINT [\"/out/app\"]\n";

// Root runs as root and its base is unpinned.
const char* k_bad =
    "FROM python:latest\n"
    "HEALTHCHECK CMD [\"x\"]\n"
    "ENV API_TOKEN=abc\n";

struct Workspace {
  testutil::TempDir dir;
  Workspace() { dir.write("strata.json", "{}"); }
  Output run(const std::vector<std::string>& args) {
    return testsupport::run_in(dir.root(), {"image"}, args);
  }
};

TEST(ImageCheckCommand, ACompliantDockerfilePasses) {
  Workspace w;
  w.dir.write("services/api/Dockerfile", k_good);
  Output o = w.run({"check", "services/api/Dockerfile"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "1 Dockerfile checked: no policy violations\n");
  EXPECT_EQ(o.err, "");
}

TEST(ImageCheckCommand, EachViolationIsOneErrorLineWithItsPlace) {
  Workspace w;
  w.dir.write("Dockerfile", k_bad);
  Output o = w.run({"check", "Dockerfile"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: Dockerfile:1:6: pinned-base: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("non-root-user"), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("Dockerfile:3:"), std::string::npos) << o.err;  // the secret-like ENV
  EXPECT_NE(o.err.find("hint: "), std::string::npos) << o.err;
  EXPECT_EQ(o.out, "");
}

TEST(ImageCheckCommand, JsonListsEveryFindingWithItsRule) {
  Workspace w;
  w.dir.write("a/Dockerfile", k_bad);
  w.dir.write("b/Dockerfile", k_good);
  Output o = w.run({"check", "a/Dockerfile", "b/Dockerfile", "--json"});
  EXPECT_EQ(o.code, 1);
  json doc = json::parse(o.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << o.out;
  EXPECT_EQ(doc["checked"], 2);
  std::vector<std::string> rules;
  for (const auto& f : doc["findings"]) {
    EXPECT_EQ(f["file"], "a/Dockerfile");
    EXPECT_GT(f["line"].get<int>(), 0);
    rules.push_back(f["rule"]);
  }
  EXPECT_NE(std::find(rules.begin(), rules.end(), "pinned-base"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "non-root-user"), rules.end());
  EXPECT_NE(std::find(rules.begin(), rules.end(), "secret-in-env"), rules.end());
}

TEST(ImageCheckCommand, WithoutFilesEveryDockerfileOfTheWorkspaceIsChecked) {
  Workspace w;
  w.dir.write("services/a/Dockerfile", k_good);
  w.dir.write("services/b/Containerfile", k_good);
  w.dir.write("services/c/api.Dockerfile", k_good);
  w.dir.write("services/c/README.md", "FROM python:latest\n");  // not a Dockerfile
  Output o = w.run({"check"});
  EXPECT_EQ(o.code, 0) << o.err;
  EXPECT_EQ(o.out, "3 Dockerfiles checked: no policy violations\n");
}

TEST(ImageCheckCommand, AMissingFileIsAFailureNamingIt) {
  Workspace w;
  Output o = w.run({"check", "nope/Dockerfile"});
  EXPECT_EQ(o.code, 1);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos);
  EXPECT_NE(o.err.find("nope/Dockerfile"), std::string::npos) << o.err;
}

TEST(ImageCommand, AMisspelledSubcommandIsAUsageErrorWithASuggestion) {
  Workspace w;
  Output o = w.run({"chek"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("check"), std::string::npos) << o.err;
  Output none = w.run({});
  EXPECT_EQ(none.code, 2) << none.err;
}

TEST(ImageCommand, BuildOneNeedsAService) {
  Workspace w;
  Output o = w.run({"build-one"});
  EXPECT_EQ(o.code, 2) << o.err;
}

}  // namespace
}  // namespace strata::cli
