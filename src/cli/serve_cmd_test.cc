// `strata serve` through the command table and the data plugin, for what
// it refuses before it listens: usage errors (exit 2) for options out of
// range, model specs that are paths and a token variable that is not set;
// failures (exit 1) for a model or settings file that is not there. A
// server that starts is covered by serve/inference_api_test.cc and
// test_serve.sh.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using Output = testsupport::CommandOutput;

struct Workspace {
  testutil::TempDir dir;

  Workspace() { dir.write("strata.json", "{}"); }

  Output run(std::vector<std::string> args) {
    return testsupport::run_in(dir.root(), {"serve"}, args);
  }
  std::string repo() const { return dir.path("models").string(); }
};

TEST(ServeCommand, AModelIsRequired) {
  Workspace w;
  Output o = w.run({});
  EXPECT_EQ(o.code, 2) << o.err;
}

TEST(ServeCommand, OptionsOutOfRangeAreUsageErrors) {
  Workspace w;
  for (auto bad : std::vector<std::vector<std::string>>{{"--instances", "0"},
                                                        {"--instances", "65"},
                                                        {"--threads", "0"},
                                                        {"--max-body-mb", "0"},
                                                        {"--poll", "-1"}}) {
    bad.insert(bad.begin(), "iris");
    Output o = w.run(bad);
    EXPECT_EQ(o.code, 2) << bad[1] << " " << bad[2] << ": " << o.err;
    EXPECT_NE(o.err.find("strata: error: --instances (1-64), --threads and --max-body-mb must be "
                         "positive, --poll not negative"),
              std::string::npos)
        << o.err;
  }
}

TEST(ServeCommand, ModelSpecsThatArePathsAreRefused) {
  Workspace w;
  for (const char* spec : {"../x", "a/b", "iris@", "iris:", "iris:../../etc"}) {
    Output o = w.run({spec, "--repository", w.repo()});
    EXPECT_EQ(o.code, 2) << spec << ": " << o.err;
    EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << spec;
    EXPECT_EQ(o.err.find("Loaded"), std::string::npos) << spec;
  }
}

TEST(ServeCommand, AnUnsetTokenVariableIsAUsageErrorWithTheFix) {
  Workspace w;
  ::unsetenv("STRATA_SERVE_TEST_TOKEN_UNSET");
  Output o = w.run({"iris", "--token-env", "STRATA_SERVE_TEST_TOKEN_UNSET"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("--token-env names STRATA_SERVE_TEST_TOKEN_UNSET, which is not set"),
            std::string::npos)
      << o.err;
  EXPECT_NE(o.err.find("hint: export STRATA_SERVE_TEST_TOKEN_UNSET=... before starting the server"),
            std::string::npos)
      << o.err;
  ::setenv("STRATA_SERVE_TEST_TOKEN_EMPTY", "", 1);
  EXPECT_EQ(w.run({"iris", "--token-env", "STRATA_SERVE_TEST_TOKEN_EMPTY"}).code, 2);
  ::unsetenv("STRATA_SERVE_TEST_TOKEN_EMPTY");
}

TEST(ServeCommand, AMissingModelConfigFileFails) {
  Workspace w;
  Output o = w.run(
      {"iris", "--repository", w.repo(), "--model-config", w.dir.path("absent.json").string()});
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_NE(o.err.find("absent.json"), std::string::npos) << o.err;
}

TEST(ServeCommand, AModelConfigWithAnUnknownKeyFailsNamingIt) {
  Workspace w;
  w.dir.write("serve.json", R"({"iris": {"max_batch": 8}})");
  Output o = w.run(
      {"iris", "--repository", w.repo(), "--model-config", w.dir.path("serve.json").string()});
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_NE(o.err.find("max_batch"), std::string::npos) << o.err;
}

TEST(ServeCommand, AModelNotInTheRepositoryFailsBeforeListening) {
  Workspace w;
  w.dir.mkdir("models");
  Output o = w.run({"iris", "--repository", w.repo(), "--port", "0"});
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_NE(o.err.find("iris"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("Serving"), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

}  // namespace
}  // namespace strata::cli
