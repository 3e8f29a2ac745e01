// Edges of two small helpers every error message goes through: password
// redaction (quoting styles, several secrets in one text, hosts that look
// like userinfo) and did-you-mean (ties, limits by length, swaps).

#include <gtest/gtest.h>

#include "util/redact.h"
#include "util/suggest.h"

namespace strata {
namespace {

TEST(RedactEdges, ADoubleQuotedPasswordIsHiddenWhole) {
  EXPECT_EQ(redact_secrets(R"(password="s3cret" host=db)"), "password=*** host=db");
  EXPECT_EQ(redact_secrets(R"(PASSWORD = "two words" x)"), "PASSWORD = *** x");
  EXPECT_EQ(redact_secrets(R"(password="esc\"aped" y)"), "password=*** y");
  EXPECT_EQ(redact_secrets(R"(password="unterminated)"), "password=***");
}

TEST(RedactEdges, EverySecretInOneTextIsHidden) {
  EXPECT_EQ(redact_secrets("from postgres://a:one@h1/d to mysql://b:two@h2/e"),
            "from postgres://a:***@h1/d to mysql://b:***@h2/e");
  EXPECT_EQ(redact_secrets("password=one sslpassword=two"), "password=*** sslpassword=***");
}

TEST(RedactEdges, HostsPortsAndIpv6AreNotUserinfo) {
  EXPECT_EQ(redact_secrets("postgres://db:5432/app"), "postgres://db:5432/app");
  EXPECT_EQ(redact_secrets("postgres://user@db:5432/app"), "postgres://user@db:5432/app");
  EXPECT_EQ(redact_secrets("postgres://u:p@[::1]:5432/d"), "postgres://u:***@[::1]:5432/d");
  EXPECT_EQ(redact_secrets("postgres://u:pa/ss@h/d"), "postgres://u:***@h/d");
}

TEST(RedactEdges, AUrlEndsAtAQuoteOrAngleBracket) {
  EXPECT_EQ(redact_secrets("<postgres://u:p@h/d>"), "<postgres://u:***@h/d>");
  EXPECT_EQ(redact_secrets("'postgres://u:p@h/d' failed"), "'postgres://u:***@h/d' failed");
}

TEST(RedactEdges, WordsThatOnlyContainPasswordAreLeftAlone) {
  EXPECT_EQ(redact_secrets("passwords=3"), "passwords=3");
  EXPECT_EQ(redact_secrets("password="), "password=");
  EXPECT_EQ(redact_secrets("1password=x"), "1password=x");
  EXPECT_EQ(redact_secrets("my_password=x"), "my_password=***");
  EXPECT_EQ(redact_secrets(""), "");
}

TEST(SuggestEdges, DistanceIsSymmetricAndCountsSwapsOnce) {
  EXPECT_EQ(edit_distance("abc", ""), 3u);
  EXPECT_EQ(edit_distance("ab", "ba"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), edit_distance("sitting", "kitten"));
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("ca", "abc"), 3u) << "optimal string alignment, not full Damerau";
}

TEST(SuggestEdges, TheLimitGrowsWithTheWord) {
  // Three letters allow one edit; six allow two.
  EXPECT_EQ(closest_match("bld", {"build"}), "");
  EXPECT_EQ(closest_match("biuld", {"build"}), "build");
  EXPECT_EQ(closest_match("serivce", {"service"}), "service");
  EXPECT_EQ(closest_match("srvce", {"service"}), "");
  EXPECT_EQ(closest_match("lnt", {"lint"}), "lint");
}

TEST(SuggestEdges, TheClosestWinsAndTiesGoToTheFirst) {
  EXPECT_EQ(closest_match("tests", {"toast", "test"}), "test");
  EXPECT_EQ(closest_match("tesk", {"task", "test"}), "task");
  EXPECT_EQ(closest_match("tesk", {"test", "task"}), "test");
  EXPECT_EQ(did_you_mean("x", {}), "");
}

}  // namespace
}  // namespace strata
