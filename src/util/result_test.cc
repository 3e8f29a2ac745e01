#include "util/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace strata {
namespace {

TEST(SourceLoc, PrintsOnlyTheKnownParts) {
  EXPECT_EQ((SourceLoc{"a.json", 3, 7}).str(), "a.json:3:7");
  EXPECT_EQ((SourceLoc{"a.json", 3, 0}).str(), "a.json:3");
  EXPECT_EQ((SourceLoc{"a.json", 0, 0}).str(), "a.json");
  // A column without a line means nothing to an editor: left out.
  EXPECT_EQ((SourceLoc{"a.json", 0, 9}).str(), "a.json");
  EXPECT_EQ((SourceLoc{"", 3, 7}).str(), "");
  EXPECT_FALSE((SourceLoc{"", 3, 7}).known());
}

TEST(Error, StrPrefixesTheLocationWhenKnown) {
  EXPECT_EQ(Error("bad key", SourceLoc{"p.json", 2, 5}).str(), "p.json:2:5: bad key");
  EXPECT_EQ(Error("no workspace").str(), "no workspace");
}

TEST(Error, TheHintIsNotPartOfTheLine) {
  Error e("bad key", SourceLoc{"p.json", 1, 1}, "did you mean \"name\"?");
  EXPECT_EQ(e.str().find("did you mean"), std::string::npos);
  EXPECT_EQ(e.hint, "did you mean \"name\"?");
}

TEST(Error, DefaultsToInvalidInputAndOfKeepsEverythingElse) {
  Error e("gone", SourceLoc{"f", 1, 2}, "recreate it");
  EXPECT_EQ(e.kind, ErrorKind::k_invalid_input);
  Error nf = e.of(ErrorKind::k_not_found);
  EXPECT_EQ(nf.kind, ErrorKind::k_not_found);
  EXPECT_EQ(nf.str(), e.str());
  EXPECT_EQ(nf.hint, e.hint);
  EXPECT_EQ(e.kind, ErrorKind::k_invalid_input);  // the const& overload copies
  Error moved = Error("x").of(ErrorKind::k_io);
  EXPECT_EQ(moved.kind, ErrorKind::k_io);
  EXPECT_EQ(moved.message, "x");
}

TEST(Result, HoldsAValueOrAnError) {
  Result<int> v = 42;
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(static_cast<bool>(v));
  EXPECT_EQ(*v, 42);
  Result<int> e = Error("nope");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "nope");
}

TEST(Result, MovesAMoveOnlyValueOut) {
  Result<std::unique_ptr<int>> r = std::make_unique<int>(7);
  ASSERT_TRUE(r.ok());
  std::unique_ptr<int> p = std::move(r).value();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(*p, 7);
}

TEST(Status, OkStatusIsOk) {
  EXPECT_TRUE(ok_status().ok());
  Status s = Error("failed");
  EXPECT_FALSE(s.ok());
}

}  // namespace
}  // namespace strata
