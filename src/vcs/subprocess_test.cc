#include "vcs/subprocess.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(RunCapture, RunsInTheGivenDirectory) {
  auto r = run_capture({"pwd"}, {}, "/tmp");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->out, "/tmp\n");
  EXPECT_EQ(r->exit_code, 0);
}

TEST(RunCapture, ExtraEnvironmentReplacesInheritedVariables) {
  auto r = run_capture({"sh", "-c", "echo \"$HOME\" >&2; exit 3"}, {"HOME=/nowhere"});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->err, "/nowhere\n");
  EXPECT_EQ(r->exit_code, 3);
}

TEST(RunCapture, AProgramThatCannotStartIsAnError) {
  EXPECT_FALSE(run_capture({"strata-no-such-program"}));
}

}  // namespace
}  // namespace strata
