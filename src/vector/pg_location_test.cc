#include "vector/pg_location.h"

#include <gtest/gtest.h>

namespace strata::vec {
namespace {

TEST(PgLocation, WithoutAPoolSizeTheURLIsUnchanged) {
  auto loc = take_pool_size("postgres://app:pw@db:5432/app?sslmode=require");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->url, "postgres://app:pw@db:5432/app?sslmode=require");
  EXPECT_EQ(loc->pool_size, k_default_pool_size);
}

TEST(PgLocation, ThePoolSizeIsTakenOutOfTheQuery) {
  auto loc = take_pool_size("postgres://db/app?sslmode=require&pool_size=4&connect_timeout=3");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->url, "postgres://db/app?sslmode=require&connect_timeout=3");
  EXPECT_EQ(loc->pool_size, 4);
  loc = take_pool_size("postgresql://db/app?pool_size=1");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->url, "postgresql://db/app");
  EXPECT_EQ(loc->pool_size, 1);
}

TEST(PgLocation, AKeywordStringLosesItsPoolSizeWord) {
  auto loc = take_pool_size("host=db pool_size=3 dbname=app");
  ASSERT_TRUE(loc.ok());
  EXPECT_EQ(loc->url, "host=db dbname=app");
  EXPECT_EQ(loc->pool_size, 3);
}

TEST(PgLocation, ABadPoolSizeIsRefusedWithoutThePassword) {
  for (const char* url :
       {"postgres://app:hunter2@db/app?pool_size=0", "postgres://app:hunter2@db/app?pool_size=many",
        "postgres://app:hunter2@db/app?pool_size=65"}) {
    auto loc = take_pool_size(url);
    ASSERT_FALSE(loc.ok()) << url;
    EXPECT_NE(loc.error().message.find("pool_size"), std::string::npos);
    EXPECT_EQ(loc.error().message.find("hunter2"), std::string::npos);
  }
}

}  // namespace
}  // namespace strata::vec
