// `strata watch` run in-process for what it decides before it starts
// watching: the options it refuses (usage errors, exit 2, nothing walked)
// and a directory that is no workspace (exit 1). The loop itself is
// covered with a fake watcher in src/watch and end to end by test_watch.sh.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/command.h"
#include "util/temp_dir.h"

namespace strata::cli {
namespace {

struct Output {
  int code = 0;
  std::string out, err;
};

Output run(const testutil::TempDir& dir, std::vector<std::string> args) {
  global_options() = {};
  args.insert(args.begin(), {"strata", "-C", dir.root().string(), "watch"});
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  Output o;
  testing::internal::CaptureStdout();
  testing::internal::CaptureStderr();
  o.code = cli::run(static_cast<int>(args.size()), argv.data());
  std::fflush(stdout);
  o.out = testing::internal::GetCapturedStdout();
  o.err = testing::internal::GetCapturedStderr();
  global_options() = {};
  return o;
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

TEST(WatchCommandOutside, ADirectoryThatIsNoWorkspaceFails) {
  testutil::TempDir empty;
  Output o = run(empty, {"-t", "build"});
  EXPECT_EQ(o.code, 1) << o.err;
  EXPECT_NE(o.err.find("strata: error: "), std::string::npos) << o.err;
  EXPECT_TRUE(o.out.empty()) << o.out;
}

}  // namespace
}  // namespace strata::cli
