// `strata vec serve` refuses bad limits and an unreadable tokens file before
// it opens the store or a socket (serving itself is covered by the vector
// layer's HTTP tests and tests/e2e).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using Output = testsupport::CommandOutput;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

struct Workspace {
  testutil::TempDir dir;
  Workspace() { dir.write("strata.json", "{}"); }
  Output serve(std::vector<std::string> args) {
    args.insert(args.begin(), "serve");
    return testsupport::run_in(dir.root(), {"vec"}, args);
  }
};

TEST(VecServeCommand, LimitsMustBePositive) {
  Workspace w;
  for (std::vector<std::string> bad : {std::vector<std::string>{"--max-connections", "0"},
                                       {"--read-timeout", "0"},
                                       {"--max-body-mb", "0"},
                                       {"--read-timeout", "-1"}}) {
    Output o = w.serve(bad);
    EXPECT_EQ(o.code, 1) << bad[0];
    EXPECT_TRUE(contains(o.err, "must be positive")) << o.err;
    EXPECT_EQ(o.out, "") << bad[0];
  }
  EXPECT_FALSE(w.dir.exists(".strata/vectors")) << "no store was opened";
}

TEST(VecServeCommand, AMissingTokensFileIsNamed) {
  Workspace w;
  Output o = w.serve({"--tokens", w.dir.path("tokens.json").string()});
  EXPECT_EQ(o.code, 1);
  EXPECT_TRUE(contains(o.err, "tokens.json")) << o.err;
  EXPECT_TRUE(contains(o.err, "strata: error: ")) << o.err;
}

TEST(VecServeCommand, ANonNumericPortIsAUsageError) {
  Workspace w;
  Output o = w.serve({"--port", "http"});
  EXPECT_EQ(o.code, 2);
}

}  // namespace
}  // namespace strata::cli
