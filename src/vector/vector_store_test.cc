#include "vector/vector_store.h"

#include <gtest/gtest.h>

namespace strata::vec {
namespace {

using json = nlohmann::json;

TEST(RecordFromJson, ReadsIdEmbeddingAndMetadata) {
  auto r = record_from_json(
      json::parse(R"({"id": "a", "embedding": [1, 0.5, -2], "metadata": {"k": 1}})"));
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->id, "a");
  EXPECT_EQ(r->embedding, (std::vector<float>{1.0f, 0.5f, -2.0f}));
  EXPECT_EQ(r->metadata, json({{"k", 1}}));
}

// Seen while writing fuzz/vector_records_fuzz.cc: 1e300 was converted to
// float, which is undefined behaviour (UBSan: "outside the range of
// representable values"). It is an error naming the record instead.
TEST(RecordFromJson, ValueBeyondFloatRangeIsAnError) {
  for (const char* line : {R"({"id": "big", "embedding": [1e300, 0, 1]})",
                           R"({"id": "big", "embedding": [0, -3.5e38, 1]})"}) {
    auto r = record_from_json(json::parse(line));
    ASSERT_FALSE(r.ok()) << line;
    EXPECT_NE(r.error().message.find("'big'"), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find("out of range"), std::string::npos) << r.error().message;
  }
}

TEST(RecordFromJson, LargestFloatIsAccepted) {
  auto r =
      record_from_json(json::parse(R"({"id": "max", "embedding": [3.4028234e38, -3.4028234e38]})"));
  ASSERT_TRUE(r.ok()) << r.error().str();
  EXPECT_EQ(r->embedding.size(), 2u);
}

}  // namespace
}  // namespace strata::vec
