// The YAML reader and writer at their edges: empty documents in a stream,
// escaped pointers, block scalars, the nesting bound and values whose
// written form would read back as another type.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "kube/yaml.h"

namespace strata::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

Result<std::vector<YamlDocument>> read(std::string_view text) { return parse_yaml(text, "m.yaml"); }

TEST(YamlEdges, AnEmptyStreamHasNoDocuments) {
  for (const char* text : {"", "\n", "# only a comment\n"}) {
    auto docs = read(text);
    ASSERT_TRUE(docs) << docs.error().str();
    EXPECT_TRUE(docs->empty()) << text;
  }
}

TEST(YamlEdges, AnEmptyDocumentDoesNotEndTheStream) {
  auto docs = read("---\n---\nkind: B\n");
  ASSERT_TRUE(docs) << docs.error().str();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_TRUE((*docs)[0].value.is_null());
  EXPECT_EQ((*docs)[1].value["kind"], "B");
}

TEST(YamlEdges, PositionsOfKeysWithSlashesAndTildesAreEscapedPointers) {
  auto docs = read("metadata:\n  labels:\n    app.kubernetes.io/name: web\n    a~b: c\n");
  ASSERT_TRUE(docs) << docs.error().str();
  const auto& pos = (*docs)[0].positions;
  ASSERT_TRUE(pos.contains("/metadata/labels/app.kubernetes.io~1name"));
  EXPECT_EQ(pos.at("/metadata/labels/app.kubernetes.io~1name").line, 3);
  ASSERT_TRUE(pos.contains("/metadata/labels/a~0b"));
  EXPECT_EQ(pos.at("/metadata/labels/a~0b").line, 4);
  EXPECT_EQ(pos.at("").line, 1);
}

TEST(YamlEdges, BlockAndQuotedScalarsStayStrings) {
  auto docs = read("a: |\n  42\nb: >\n  true\nc: '007'\nd: 007\n");
  ASSERT_TRUE(docs) << docs.error().str();
  const json& v = (*docs)[0].value;
  EXPECT_EQ(v["a"], "42\n");
  EXPECT_EQ(v["b"], "true\n");
  EXPECT_EQ(v["c"], "007");
  EXPECT_EQ(v["d"], 7);
}

TEST(YamlEdges, NumbersTooLargeToHoldKeepTheirText) {
  auto docs = read("big: 123456789012345678901234567890\nneg: -12\nexp: 1e3\nword: 1.2.3\n");
  ASSERT_TRUE(docs) << docs.error().str();
  const json& v = (*docs)[0].value;
  EXPECT_EQ(v["big"], "123456789012345678901234567890");
  EXPECT_EQ(v["neg"], -12);
  EXPECT_EQ(v["exp"], 1000.0);
  EXPECT_EQ(v["word"], "1.2.3");
}

TEST(YamlEdges, ADeeplyNestedDocumentIsRefusedWithItsPosition) {
  std::string text = std::string(300, '[') + std::string(300, ']') + "\n";
  auto docs = read(text);
  ASSERT_FALSE(docs);
  EXPECT_THAT(docs.error().str(), HasSubstr("m.yaml:1:"));
}

TEST(YamlEdges, AKeyThatIsAMappingIsRefused) {
  auto docs = read("? {a: 1}\n: x\n");
  ASSERT_FALSE(docs);
  EXPECT_THAT(docs.error().message, HasSubstr("a mapping key must be a scalar"));
  EXPECT_EQ(docs.error().loc.line, 1);
}

TEST(YamlEdges, AnUnclosedQuoteIsASyntaxErrorWithALine) {
  auto docs = read("a: 1\nb: \"open\n");
  ASSERT_FALSE(docs);
  EXPECT_THAT(docs.error().str(), HasSubstr("m.yaml:"));
  EXPECT_GE(docs.error().loc.line, 2);
}

TEST(YamlEdges, StringsThatLookLikeOtherTypesRoundTrip) {
  json v = {{"words", json::array({"yes", "No", "NULL", "~", "y", "off", "1e3", "0x1F", "-", ""})},
            {"keys", {{"true", 1}, {"8080", 2}, {"", 3}, {"a b", 4}}},
            {"marks", json::array({"#x", "&a", "*a", "!tag", "%p", "@x", "`x", "|", ">", "- x"})},
            {"text", "tab\there \"quoted\" and \\ back"}};
  auto docs = read(to_yaml(v));
  ASSERT_TRUE(docs) << docs.error().str() << "\n" << to_yaml(v);
  ASSERT_EQ(docs->size(), 1u);
  EXPECT_EQ((*docs)[0].value, v) << to_yaml(v);
}

TEST(YamlEdges, NestedArraysInsideSequencesAndMappingsRoundTrip) {
  json v = {{"matrix", json::array({json::array({1, 2}), json::array({json::array({"a"})})})},
            {"list", json::array({{{"name", "a"}, {"ports", json::array({80, 443})}},
                                  {{"name", "b"}, {"env", {{"K", "v"}}}}})}};
  auto docs = read(to_yaml(v));
  ASSERT_TRUE(docs) << docs.error().str() << "\n" << to_yaml(v);
  EXPECT_EQ((*docs)[0].value, v) << to_yaml(v);
}

TEST(YamlEdges, TopLevelScalarsAndEmptyContainersAreOneLine) {
  EXPECT_EQ(to_yaml(json::object()), "{}\n");
  EXPECT_EQ(to_yaml(json::array()), "[]\n");
  EXPECT_EQ(to_yaml("true"), "\"true\"\n");
  EXPECT_EQ(to_yaml(nullptr), "null\n");
  EXPECT_EQ(to_yaml(json::array({"a"})), "- a\n");
}

}  // namespace
}  // namespace strata::kube
