#include "vcs/subprocess.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(Subprocess, RunsInTheGivenDirectory) {
  auto r = run_capture({"pwd"}, {}, "/");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->exit_code, 0);
  EXPECT_EQ(r->out, "/\n");
}

TEST(Subprocess, AddsTheEnvironment) {
  auto r = run_capture({"/bin/sh", "-c", "printf %s \"$STRATA_SUBPROCESS_TEST\""},
                       {"STRATA_SUBPROCESS_TEST=yes"});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->out, "yes");
}

}  // namespace
}  // namespace strata
