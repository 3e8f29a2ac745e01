#include "ml/registry_api.h"

#include <gtest/gtest.h>

namespace strata::ml {
namespace {

using http::Role;

TEST(RegistryTokens, TheOldRoleTokenPairsBecomeNamedGrants) {
  auto t = legacy_token_grants("reader:r1,writer:w1,,admin:a:b");
  ASSERT_TRUE(t) << t.error().message;
  ASSERT_EQ(t->size(), 3u);
  // Named by role and position, so the audit log says who without the token.
  EXPECT_EQ((*t)[0].name, "reader-1");
  EXPECT_EQ((*t)[0].role, Role::k_reader);
  EXPECT_EQ((*t)[0].token, "r1");
  EXPECT_EQ((*t)[1].name, "writer-2");
  EXPECT_EQ((*t)[1].role, Role::k_writer);
  EXPECT_EQ((*t)[2].name, "admin-3");
  EXPECT_EQ((*t)[2].token, "a:b");  // a token may hold ':'
  EXPECT_TRUE(legacy_token_grants("")->empty());
}

TEST(RegistryTokens, AnUnknownRoleOrAMissingTokenIsAnError) {
  auto bad = legacy_token_grants("redaer:x");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().hint, "did you mean 'reader'?");
  EXPECT_FALSE(legacy_token_grants("admin"));
  EXPECT_FALSE(legacy_token_grants("admin:"));
}

}  // namespace
}  // namespace strata::ml
