// The real ToolRunner on real programs (sh, true): exit codes and signals
// streamed back, output captured, a program that is not there reported as
// unavailable, and PATH searched the way a shell would.

#include "container/tool_runner.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include "util/temp_dir.h"

namespace strata::container {
namespace {

TEST(SpawnToolRunner, StreamReturnsTheExitCode) {
  SpawnToolRunner r;
  auto ok = r.stream({"true"});
  ASSERT_TRUE(ok) << ok.error().str();
  EXPECT_EQ(*ok, 0);
  auto three = r.stream({"sh", "-c", "exit 3"});
  ASSERT_TRUE(three);
  EXPECT_EQ(*three, 3);
}

TEST(SpawnToolRunner, AKilledProgramReportsOneTwentyEightPlusItsSignal) {
  SpawnToolRunner r;
  auto killed = r.stream({"sh", "-c", "kill -TERM $$"});
  ASSERT_TRUE(killed);
  EXPECT_EQ(*killed, 128 + 15);
}

TEST(SpawnToolRunner, StreamReadsNothingFromTheTerminal) {
  // stdin is /dev/null, so a program that reads it sees end of file at once.
  SpawnToolRunner r;
  auto read = r.stream({"sh", "-c", "read line && exit 1 || exit 0"});
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, 0);
}

TEST(SpawnToolRunner, AMissingProgramIsUnavailable) {
  SpawnToolRunner r;
  auto missing = r.stream({"strata-no-such-tool-xyz"});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::k_unavailable);
  EXPECT_NE(missing.error().message.find("cannot start strata-no-such-tool-xyz"),
            std::string::npos);
}

TEST(SpawnToolRunner, CaptureKeepsStdout) {
  SpawnToolRunner r;
  auto out = r.capture({"sh", "-c", "echo built"});
  ASSERT_TRUE(out) << out.error().str();
  EXPECT_EQ(out->out, "built\n");
}

TEST(SpawnToolRunner, AvailableSearchesPathForExecutables) {
  testutil::TempDir dir;
  dir.write("bin/podman", "#!/bin/sh\n", 0755);
  dir.write("bin/buildah", "not executable\n", 0644);
  const char* old = std::getenv("PATH");
  std::string saved = old ? old : "";
  std::string path = "::" + dir.path("bin").string() + ":/nonexistent";
  setenv("PATH", path.c_str(), 1);
  SpawnToolRunner r;
  EXPECT_TRUE(r.available("podman"));
  EXPECT_FALSE(r.available("buildah"));  // present but not executable
  EXPECT_FALSE(r.available("docker"));
  unsetenv("PATH");
  EXPECT_FALSE(r.available("podman"));
  if (old) setenv("PATH", saved.c_str(), 1);
}

}  // namespace
}  // namespace strata::container
