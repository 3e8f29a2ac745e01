#include "util/redact.h"

#include <gtest/gtest.h>

namespace strata {
namespace {

TEST(RedactSecrets, UrlUserinfo) {
  EXPECT_EQ(redact_secrets("postgres://app:s3cret@db:5432/app"), "postgres://app:***@db:5432/app");
  EXPECT_EQ(redact_secrets("postgres://app@db/app"), "postgres://app@db/app");
  EXPECT_EQ(redact_secrets("postgresql://db/app"), "postgresql://db/app");
}

TEST(RedactSecrets, PasswordHoldingAtSignIsHiddenWhole) {
  EXPECT_EQ(redact_secrets("postgres://user:pa@ss@host/db"), "postgres://user:***@host/db");
  EXPECT_EQ(redact_secrets("postgres://user:p@ss:w@rd@host:5/db?sslmode=disable"),
            "postgres://user:***@host:5/db?sslmode=disable");
}

TEST(RedactSecrets, QueryStringPassword) {
  EXPECT_EQ(redact_secrets("postgres://db/app?user=a&password=s3cret&sslmode=require"),
            "postgres://db/app?user=a&password=***&sslmode=require");
  EXPECT_EQ(redact_secrets("postgres://db/app?PASSWORD=s3cret"), "postgres://db/app?PASSWORD=***");
}

TEST(RedactSecrets, KeywordValueStrings) {
  EXPECT_EQ(redact_secrets("host=db dbname=app password=s3cret user=a"),
            "host=db dbname=app password=*** user=a");
  EXPECT_EQ(redact_secrets("host=db password='two words\\' here' user=a"),
            "host=db password=*** user=a");
  EXPECT_EQ(redact_secrets("password = s3cret"), "password = ***");
  EXPECT_EQ(redact_secrets("sslpassword=k3y host=x"), "sslpassword=*** host=x");
  EXPECT_EQ(redact_secrets("PGPASSWORD=k3y psql"), "PGPASSWORD=*** psql");
}

TEST(RedactSecrets, InsideLongerMessages) {
  EXPECT_EQ(redact_secrets("cannot connect to \"postgres://u:pw@h/d\": connection refused"),
            "cannot connect to \"postgres://u:***@h/d\": connection refused");
  EXPECT_EQ(redact_secrets("invalid connection option in \"host=h password=pw\""),
            "invalid connection option in \"host=h password=***\"");
}

TEST(RedactSecrets, RedactingTwiceChangesNothing) {
  std::string once = redact_secrets("cannot connect to host=h password='a b': refused");
  EXPECT_EQ(once, "cannot connect to host=h password=***: refused");
  EXPECT_EQ(redact_secrets(once), once);
  std::string url = redact_secrets("postgres://u:p@h/d?password=x: refused");
  EXPECT_EQ(redact_secrets(url), url);
}

TEST(RedactSecrets, LeavesOrdinaryTextAlone) {
  EXPECT_EQ(redact_secrets("the password is required"), "the password is required");
  EXPECT_EQ(redact_secrets("see https://example.com/a@b"), "see https://example.com/a@b");
}

}  // namespace
}  // namespace strata
