// Throwaway databases and test vectors at their edges: URLs whose database
// name is replaced, drops refused before anything is touched, odd
// dimensions and metadata lists with empty values.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "db/test_data.h"
#include "util/temp_dir.h"

namespace strata::db {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(TestDataEdges, TheDatabaseNameIsReplacedAndTheQueryKept) {
  EXPECT_EQ(with_database_name("postgres://u@h:5432/app?sslmode=require", "strata_test_x"),
            "postgres://u@h:5432/strata_test_x?sslmode=require");
  EXPECT_EQ(with_database_name("postgres://u@h", "other"), "postgres://u@h/other");
  EXPECT_EQ(with_database_name("postgresql://h/app", "postgres"), "postgresql://h/postgres");
  EXPECT_EQ(database_name_of("postgres://h/app?x=1"), "app");
  EXPECT_EQ(database_name_of("postgres://h"), "");
  EXPECT_EQ(database_name_of("host=h dbname=app"), "");
}

TEST(TestDataEdges, AFileThatIsNotATestDatabaseIsNeverDeleted) {
  testutil::TempDir dir;
  dir.write("app.db", "keep me");
  auto st = drop_test_database("sqlite:" + dir.path("app.db").string());
  ASSERT_FALSE(st);
  EXPECT_THAT(st.error().message, HasSubstr("not a test database"));
  EXPECT_THAT(st.error().hint, HasSubstr("strata_test_"));
  EXPECT_TRUE(std::filesystem::exists(dir.path("app.db")));
}

TEST(TestDataEdges, APostgresDatabaseThatIsNotATestOneIsRefusedBeforeConnecting) {
  // Port 9 on 127.0.0.1: nothing listens, so only the name check can answer.
  auto st = drop_test_database("postgres://u@127.0.0.1:9/production");
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message, "refusing to drop database 'production': not a test database");
  auto no_name = drop_test_database("postgres://u@127.0.0.1:9");
  ASSERT_FALSE(no_name);
  EXPECT_THAT(no_name.error().message, HasSubstr("not a test database"));
}

TEST(TestDataEdges, MetadataSpecsKeepEmptyValuesAndNeedBothSides) {
  auto spec = parse_metadata_spec("tag=a,,b");
  ASSERT_TRUE(spec);
  EXPECT_EQ(spec->first, "tag");
  EXPECT_THAT(spec->second, ElementsAre("a", "", "b"));
  auto eq = parse_metadata_spec("expr=x=y");
  ASSERT_TRUE(eq);
  EXPECT_THAT(eq->second, ElementsAre("x=y"));
  for (const char* bad : {"=a", "tag=", "tag", ""}) EXPECT_FALSE(parse_metadata_spec(bad)) << bad;
}

TEST(TestDataEdges, OddDimensionsAreUnitVectorsToo) {
  for (int dim : {1, 3, 7}) {
    std::vector<float> v = test_vector(42, dim, 5);
    ASSERT_EQ(v.size(), static_cast<size_t>(dim));
    double norm = 0;
    for (float x : v) norm += static_cast<double>(x) * x;
    EXPECT_NEAR(norm, 1.0, 1e-5) << dim;
  }
  EXPECT_NE(test_vector(42, 4, 0), test_vector(42, 4, 1));
  EXPECT_EQ(test_vector(42, 4, 9), test_vector(42, 4, 9));
}

TEST(TestDataEdges, LinesAreNumberedFromTheirIndex) {
  TestVectorOptions o;
  o.dim = 2;
  o.id_prefix = "p-";
  EXPECT_THAT(test_vector_line(o, 123), HasSubstr("\"id\":\"p-000123\""));
  EXPECT_THAT(test_vector_line(o, 1234567), HasSubstr("\"id\":\"p-1234567\""));
}

}  // namespace
}  // namespace strata::db
