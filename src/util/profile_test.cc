#include "util/profile.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace strata {

// The switch is read once per process; the tests run without it, so
// phases must cost nothing visible and print nothing.
TEST(Profile, OffUnlessAskedFor) {
  if (std::getenv("STRATA_PROFILE")) GTEST_SKIP() << "STRATA_PROFILE is set for this run";
  EXPECT_FALSE(profile_enabled());
  {
    ProfilePhase phase("phase");
    phase.stop();
    phase.stop();  // a second stop is harmless
  }
  profile_count("counter", 3);
  std::FILE* f = std::tmpfile();
  ASSERT_NE(f, nullptr);
  print_profile(f);
  EXPECT_EQ(std::ftell(f), 0L);
  std::fclose(f);
}

}  // namespace strata
