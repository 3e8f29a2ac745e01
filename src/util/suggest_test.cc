#include "util/suggest.h"

#include <gtest/gtest.h>

namespace strata {

TEST(Suggest, EditDistanceCountsEdits) {
  EXPECT_EQ(edit_distance("build", "build"), 0u);
  EXPECT_EQ(edit_distance("biuld", "build"), 1u);
  EXPECT_EQ(edit_distance("bild", "build"), 1u);
  EXPECT_EQ(edit_distance("test", "tests"), 1u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(Suggest, SuggestsCloseNameOnly) {
  std::vector<std::string> names{"build", "test", "lint"};
  EXPECT_EQ(did_you_mean("tset", names), "did you mean 'test'?");
  EXPECT_EQ(did_you_mean("deploy", names), "");
}

}  // namespace strata
