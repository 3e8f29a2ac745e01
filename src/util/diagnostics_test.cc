#include "util/diagnostics.h"

#include <gtest/gtest.h>

#include <string>

namespace strata {
namespace {

using testing::internal::CaptureStderr;
using testing::internal::GetCapturedStderr;

TEST(Diagnostics, WarningsAloneAreNotErrors) {
  Diagnostics d;
  EXPECT_FALSE(d.has_errors());
  d.warn(Error("unused key"));
  EXPECT_FALSE(d.has_errors());
  d.error(Error("bad key"));
  EXPECT_TRUE(d.has_errors());
  EXPECT_EQ(d.items().size(), 2u);
}

TEST(Diagnostics, FirstErrorSkipsWarningsAndKeepsOrder) {
  Diagnostics d;
  d.warn(Error("w1"));
  d.error(Error("e1", SourceLoc{"a.json", 1, 2}));
  d.error(Error("e2"));
  EXPECT_EQ(d.first_error().str(), "a.json:1:2: e1");
}

TEST(Diagnostics, ClearForgetsEverything) {
  Diagnostics d;
  d.error(Error("e"));
  d.clear();
  EXPECT_FALSE(d.has_errors());
  EXPECT_TRUE(d.items().empty());
}

TEST(Diagnostics, PrintsEveryItemOnOneLineWithItsHint) {
  Diagnostics d;
  d.warn(Error("unused", SourceLoc{"p.json", 4, 3}));
  d.error(Error("bad key", SourceLoc{"p.json", 2, 5}, "did you mean \"name\"?"));
  CaptureStderr();
  d.print();
  EXPECT_EQ(GetCapturedStderr(),
            "strata: warning: p.json:4:3: unused\n"
            "strata: error: p.json:2:5: bad key\n"
            "  hint: did you mean \"name\"?\n");
}

TEST(Diagnostics, PrintedMessagesAndHintsHidePasswords) {
  CaptureStderr();
  print_error(Error("cannot connect to postgres://app:s3cret@db/app", SourceLoc{},
                    "check PGPASSWORD=s3cret"));
  std::string out = GetCapturedStderr();
  EXPECT_EQ(out.find("s3cret"), std::string::npos) << out;
  EXPECT_NE(out.find("postgres://app:***@db/app"), std::string::npos) << out;
}

TEST(Diagnostics, PrintWarningUsesTheWarningWord) {
  CaptureStderr();
  print_warning(Error("slow"));
  EXPECT_EQ(GetCapturedStderr(), "strata: warning: slow\n");
}

}  // namespace
}  // namespace strata
