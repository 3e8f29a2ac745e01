// `strata watch` run in-process for what it decides before it starts
// watching: the options it refuses (usage errors, exit 2, nothing walked)
// and a directory that is no workspace (exit 1). The loop itself is
// covered with a fake watcher in src/watch and end to end by test_watch.sh.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command.h"
#include "cli/command_test_support.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

using Output = testsupport::CommandOutput;

Output run(const testutil::TempDir& dir, const std::vector<std::string>& args) {
  return testsupport::run_in(dir.root(), {"watch"}, args);
}

struct WatchCommand : ::testing::Test {
  testutil::TempDir dir;
  void SetUp() override { dir.write("strata.json", "{}"); }
};

TEST_F(WatchCommand, ATargetIsRequired) {
  Output o = run(dir, {});
  EXPECT_EQ(o.code, 2) << o.err;
  EXPECT_NE(o.err.find("--targets"), std::string::npos) << o.err;
}

TEST_F(WatchCommand, AnUnknownOutputStyleIsAUsageErrorBeforeAnyWalk) {
  Output o = run(dir, {"-t", "build", "--output-style", "fancy"});
  EXPECT_EQ(o.code, 2);
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
  EXPECT_NE(o.err.find("fancy"), std::string::npos) << o.err;
  EXPECT_FALSE(dir.exists(".strata")) << "the workspace was walked";
}

TEST_F(WatchCommand, TheDebounceIsBounded) {
  for (const char* ms : {"9", "10001", "-1", "soon"}) {
    Output o = run(dir, {"-t", "build", "--debounce", ms});
    EXPECT_EQ(o.code, 2) << ms << ": " << o.err;
    EXPECT_NE(o.err.find("--debounce"), std::string::npos) << ms << ": " << o.err;
  }
}

// "-1" was read into the unsigned count as its largest value, and the
// watch started.
TEST_F(WatchCommand, ANegativeOrNonNumericParallelIsAUsageError) {
  for (const char* n : {"-1", "many"}) {
    Output o = run(dir, {"-t", "build", "--parallel", n});
    EXPECT_EQ(o.code, 2) << n << ": " << o.err;
    EXPECT_NE(o.err.find("--parallel"), std::string::npos) << n << ": " << o.err;
    EXPECT_FALSE(dir.exists(".strata")) << "the workspace was walked";
  }
}

TEST(WatchCommandOutside, ADirectoryThatIsNoWorkspaceFails) {
  testutil::TempDir empty;
  Output o = run(empty, {"-t", "build"});
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

}  // namespace
}  // namespace strata::cli
