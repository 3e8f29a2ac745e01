// What every vector store adapter refuses before writing: collection names,
// metric/durability/index names (with their aliases and suggestions),
// records of the wrong shape, and record lines that are not records.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "vector/vector_store.h"

namespace strata::vec {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

TEST(SettingNames, MetricsHaveAliasesAndRoundTrip) {
  EXPECT_EQ(*parse_metric("euclidean"), Metric::k_l2);
  EXPECT_EQ(*parse_metric("dot"), Metric::k_inner_product);
  EXPECT_EQ(*parse_metric("inner_product"), Metric::k_inner_product);
  for (Metric m : {Metric::k_cosine, Metric::k_l2, Metric::k_inner_product})
    EXPECT_EQ(*parse_metric(metric_name(m)), m);
  auto bad = parse_metric("cosin");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message, "unknown metric 'cosin' (cosine, l2 or ip)");
  EXPECT_EQ(bad.error().hint, "did you mean 'cosine'?");
  EXPECT_FALSE(parse_metric("L2")) << "names are lower case";
}

TEST(SettingNames, DurabilitiesAndIndexKindsRoundTrip) {
  for (Durability d : {Durability::k_fsync, Durability::k_process})
    EXPECT_EQ(*parse_durability(durability_name(d)), d);
  for (IndexKind k : {IndexKind::k_hnsw, IndexKind::k_ivfflat})
    EXPECT_EQ(*parse_index_kind(index_kind_name(k)), k);
  EXPECT_EQ(parse_durability("fsnyc").error().hint, "did you mean 'fsync'?");
  EXPECT_THAT(parse_index_kind("ivf").error().message, HasSubstr("(hnsw or ivfflat)"));
}

TEST(CollectionNames, LowercaseLettersDigitsUnderscoreStartingWithALetter) {
  for (const char* ok : {"a", "docs", "docs_2026", "a1_b2"})
    EXPECT_TRUE(validate_collection_name(ok)) << ok;
  EXPECT_TRUE(validate_collection_name(std::string(63, 'a')));
  for (std::string bad : {std::string(""), std::string(64, 'a'), std::string("1docs"),
                          std::string("_docs"), std::string("Docs"), std::string("my-docs"),
                          std::string("a b"), std::string("../x"), std::string("é")}) {
    auto st = validate_collection_name(bad);
    ASSERT_FALSE(st) << bad;
    EXPECT_THAT(st.error().hint, HasSubstr("1-63 lowercase letters")) << bad;
  }
}

CollectionSpec spec(Metric metric = Metric::k_cosine) {
  CollectionSpec s;
  s.name = "docs";
  s.dim = 2;
  s.metric = metric;
  return s;
}

TEST(RecordValidation, ShapeAndValuesAreChecked) {
  EXPECT_TRUE(validate_record(spec(), {"a", {1, 0}, json::object()}));
  EXPECT_THAT(validate_record(spec(), {"", {1, 0}, {}}).error().message, HasSubstr("empty id"));
  EXPECT_EQ(validate_record(spec(), {"a", {1, 0, 0}, {}}).error().message,
            "record 'a': embedding has 3 values, collection 'docs' has dimension 2");
  float inf = std::numeric_limits<float>::infinity();
  float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_THAT(validate_record(spec(), {"a", {inf, 0}, {}}).error().message,
              HasSubstr("not finite"));
  EXPECT_THAT(validate_record(spec(), {"a", {0, nan}, {}}).error().message,
              HasSubstr("not finite"));
}

TEST(RecordValidation, AZeroVectorIsRefusedOnlyForCosine) {
  EXPECT_THAT(validate_record(spec(Metric::k_cosine), {"z", {0, 0}, {}}).error().message,
              HasSubstr("zero vector"));
  EXPECT_TRUE(validate_record(spec(Metric::k_l2), {"z", {0, 0}, {}}));
  EXPECT_TRUE(validate_record(spec(Metric::k_inner_product), {"z", {0, 0}, {}}));
}

TEST(RecordValidation, MetadataMustBeAnObjectOrNull) {
  EXPECT_TRUE(validate_record(spec(), {"a", {1, 0}, nullptr}));
  for (const json& md : {json::array({1}), json("x"), json(3)})
    EXPECT_THAT(validate_record(spec(), {"a", {1, 0}, md}).error().message,
                HasSubstr("metadata must be a JSON object"))
        << md.dump();
}

TEST(RecordLines, IntegerIdsBecomeTheirDigitsAndOtherIdsAreRefused) {
  auto r = record_from_json({{"id", 7}, {"embedding", {1, 2}}});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->id, "7");
  EXPECT_EQ(r->metadata, json::object());
  for (const json& id : {json(1.5), json(true), json::array({"a"}), json(nullptr)})
    EXPECT_FALSE(record_from_json({{"id", id}, {"embedding", {1}}})) << id.dump();
  EXPECT_FALSE(record_from_json({{"embedding", {1}}}));
  EXPECT_FALSE(record_from_json(json::array({1, 2})));
}

TEST(RecordLines, EmbeddingsMustBeArraysOfNumbers) {
  EXPECT_THAT(record_from_json({{"id", "a"}}).error().message,
              HasSubstr("record 'a' needs an \"embedding\" array"));
  EXPECT_THAT(record_from_json({{"id", "a"}, {"embedding", "1,2"}}).error().message,
              HasSubstr("needs an \"embedding\" array"));
  EXPECT_THAT(record_from_json({{"id", "a"}, {"embedding", {1, "2"}}}).error().message,
              HasSubstr("values must be numbers"));
  EXPECT_THAT(record_from_json({{"id", "a"}, {"embedding", {-1e39}}}).error().message,
              HasSubstr("out of range for a 32-bit float"));
  auto null_md = record_from_json({{"id", "a"}, {"embedding", {1}}, {"metadata", nullptr}});
  ASSERT_TRUE(null_md);
  EXPECT_EQ(null_md->metadata, json::object());
}

TEST(RecordLines, RecordsRoundTripThroughTheirJsonShape) {
  Record r{"a", {1.5f, -2}, {{"k", "v"}}};
  EXPECT_EQ(record_to_json(r),
            json({{"id", "a"}, {"embedding", {1.5, -2.0}}, {"metadata", {{"k", "v"}}}}));
  auto back = record_from_json(record_to_json(r));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->embedding, r.embedding);
  EXPECT_EQ(back->metadata, r.metadata);
}

}  // namespace
}  // namespace strata::vec
