#include "db/test_data.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

namespace strata::db {
namespace {

TEST(TestData, VectorsAreUnitNormAndDeterministic) {
  auto a = test_vector(7, 33, 5), b = test_vector(7, 33, 5), c = test_vector(8, 33, 5);
  EXPECT_EQ(a, b);
  EXPECT_NE(a, c);
  double norm = 0;
  for (float x : a) norm += double(x) * x;
  EXPECT_NEAR(std::sqrt(norm), 1.0, 1e-6);
}

TEST(TestData, LinesHaveIdEmbeddingAndMetadata) {
  TestVectorOptions o;
  o.count = 3;
  o.dim = 4;
  o.metadata.push_back(*parse_metadata_spec("lang=en,de"));
  auto j = nlohmann::json::parse(test_vector_line(o, 2));
  EXPECT_EQ(j["id"], "vec-000002");
  EXPECT_EQ(j["embedding"].size(), 4u);
  EXPECT_EQ(j["metadata"]["index"], 2);
  std::string lang = j["metadata"]["lang"];
  EXPECT_TRUE(lang == "en" || lang == "de");
  EXPECT_EQ(test_vector_line(o, 2), test_vector_line(o, 2));
}

TEST(TestData, NumericMetadataStaysNumeric) {
  TestVectorOptions o;
  o.dim = 2;
  o.metadata.push_back(*parse_metadata_spec("year=2020,2021"));
  o.metadata.push_back(*parse_metadata_spec("score=0.5"));
  o.metadata.push_back(*parse_metadata_spec("draft=true"));
  o.metadata.push_back(*parse_metadata_spec("code=007,x1"));
  auto j = nlohmann::json::parse(test_vector_line(o, 1));
  EXPECT_TRUE(j["metadata"]["year"].is_number_integer()) << j.dump();
  EXPECT_EQ(j["metadata"]["score"], 0.5);
  EXPECT_EQ(j["metadata"]["draft"], true);
  EXPECT_TRUE(j["metadata"]["code"].is_string()) << j.dump();  // "007" is not how JSON writes 7
}

TEST(TestData, MetadataSpecNeedsKeyAndValues) {
  EXPECT_FALSE(parse_metadata_spec("lang").ok());
  EXPECT_FALSE(parse_metadata_spec("=a").ok());
  EXPECT_EQ(parse_metadata_spec("k=a,b,c")->second.size(), 3u);
}

TEST(TestData, DatabaseNamesInUrls) {
  EXPECT_EQ(database_name_of("postgres://u@h:5/app?sslmode=disable"), "app");
  EXPECT_EQ(with_database_name("postgres://u@h:5/app?sslmode=disable", "x"),
            "postgres://u@h:5/x?sslmode=disable");
  EXPECT_EQ(with_database_name("postgres://u@h:5", "x"), "postgres://u@h:5/x");
}

TEST(TestData, SqliteTestDatabasesAreCreatedAndDropped) {
  auto url = create_test_database("sqlite:whatever.db");
  ASSERT_TRUE(url.ok()) << url.error().str();
  EXPECT_NE(url->find("strata_test_"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(url->substr(7)));
  ASSERT_TRUE(drop_test_database(*url).ok());
  EXPECT_FALSE(std::filesystem::exists(url->substr(7)));
  EXPECT_FALSE(drop_test_database("sqlite:/tmp/precious.db").ok());
}

}  // namespace
}  // namespace strata::db
