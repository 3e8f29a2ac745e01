// YAML written by to_yaml reads back as the same JSON, and the reader keeps
// the positions and types a manifest's author meant.

#include "kube/yaml.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::kube {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json read_one(std::string_view text) {
  auto docs = parse_yaml(text, "m.yaml");
  EXPECT_TRUE(docs) << docs.error().str();
  if (!docs || docs->size() != 1) return nullptr;
  return (*docs)[0].value;
}

TEST(Yaml, WritesBlockStyleAndQuotesOnlyWhatNeedsIt) {
  json v = {{"apiVersion", "apps/v1"},
            {"spec", {{"replicas", 2}, {"cpu", "250m"}, {"on", "true"}, {"empty", json::object()}}},
            {"items", {{{"name", "a"}, {"port", 80}}, "plain"}}};
  EXPECT_EQ(to_yaml(v),
            "apiVersion: apps/v1\n"
            "items:\n"
            "- name: a\n"
            "  port: 80\n"
            "- plain\n"
            "spec:\n"
            "  cpu: \"250m\"\n"
            "  empty: {}\n"
            "  \"on\": \"true\"\n"
            "  replicas: 2\n");
}

TEST(Yaml, WhatIsWrittenReadsBackTheSame) {
  json v = {{"a", {{"b", json::array({1, 2.5, true, nullptr, "x y", "", "8080", "-1", "a: b"})}}},
            {"multi", "line one\nline two"},
            {"nested", {json::array({1, 2}), json::array()}},
            {"app.kubernetes.io/name", "billing"}};
  EXPECT_EQ(read_one(to_yaml(v)), v);
}

TEST(Yaml, PlainScalarsResolveAndQuotedOnesStayStrings) {
  json v = read_one("a: 1\nb: '1'\nc: true\nd: ~\ne: 1.5\nf: hello\ng: \"false\"\n");
  EXPECT_EQ(v, json({{"a", 1},
                     {"b", "1"},
                     {"c", true},
                     {"d", nullptr},
                     {"e", 1.5},
                     {"f", "hello"},
                     {"g", "false"}}));
}

TEST(Yaml, EveryDocumentOfAStreamWithItsPositions) {
  auto docs = parse_yaml("kind: A\n---\nkind: B\nspec:\n  containers:\n  - name: x\n", "m.yaml");
  ASSERT_TRUE(docs) << docs.error().str();
  ASSERT_EQ(docs->size(), 2u);
  EXPECT_EQ((*docs)[1].value["spec"]["containers"][0]["name"], "x");
  TextPos p = (*docs)[1].positions.at("/spec/containers/0");
  EXPECT_EQ(p.line, 6);  // lines count from the start of the stream
  EXPECT_EQ(p.col, 5);
}

TEST(Yaml, SyntaxErrorsAndDuplicateKeysAreLocated) {
  auto bad = parse_yaml("a: [1, 2\nb: 3\n", "m.yaml");
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error().str(), HasSubstr("m.yaml:"));
  auto dup = parse_yaml("a: 1\na: 2\n", "m.yaml");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().str(), "m.yaml:2:1: duplicate key 'a'");
}

TEST(Yaml, AnAliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'h'; ++c, ++prev)
    text += std::string(1, c) + ": &" + c + " [*" + prev + ", *" + prev + ", *" + prev + ", *" +
            prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev + ", *" + prev +
            ", *" + prev + "]\n";
  auto docs = parse_yaml(text, "m.yaml");
  ASSERT_FALSE(docs);
  EXPECT_THAT(docs.error().message, HasSubstr("too many nodes"));
}

}  // namespace
}  // namespace strata::kube
