#include "ml/registry_api.h"

#include <gtest/gtest.h>

namespace strata::ml {
namespace {

TEST(RegistryTokens, ParsesRoleTokenPairs) {
  auto t = parse_tokens("reader:r1,writer:w1,,admin:a:b");
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->size(), 3u);
  EXPECT_EQ(t->at("r1"), Role::k_reader);
  EXPECT_EQ(t->at("w1"), Role::k_writer);
  EXPECT_EQ(t->at("a:b"), Role::k_admin);  // a token may hold ':'
  EXPECT_TRUE(parse_tokens("")->empty());
}

TEST(RegistryTokens, AnUnknownRoleOrAMissingTokenIsAnError) {
  auto bad = parse_tokens("redaer:x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().hint, "did you mean 'reader'?");
  EXPECT_FALSE(parse_tokens("admin"));
  EXPECT_FALSE(parse_tokens("admin:"));
}

}  // namespace
}  // namespace strata::ml
