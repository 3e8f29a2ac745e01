#include "cluster/yaml_reader.h"

#include <gtest/gtest.h>

namespace strata::cluster {
namespace {

TEST(YamlReader, ReadsMappingsSequencesAndCoreTypes) {
  auto doc = parse_yaml(
      "apiVersion: v1\nreplicas: 3\nratio: 0.5\non: true\nnothing: ~\nquoted: \"42\"\n"
      "items:\n- name: a\n  port: 80\n- b\n",
      "t.yaml");
  ASSERT_TRUE(doc) << doc.error().str();
  EXPECT_EQ((*doc)["apiVersion"], "v1");
  EXPECT_EQ((*doc)["replicas"], 3);
  EXPECT_DOUBLE_EQ((*doc)["ratio"].get<double>(), 0.5);
  EXPECT_EQ((*doc)["on"], true);
  EXPECT_TRUE((*doc)["nothing"].is_null());
  EXPECT_EQ((*doc)["quoted"], "42");
  EXPECT_EQ((*doc)["items"][0]["port"], 80);
  EXPECT_EQ((*doc)["items"][1], "b");
}

TEST(YamlReader, JsonIsYaml) {
  auto doc = parse_yaml(R"({"a": [1, "x"], "b": {"c": null}})", "t.json");
  ASSERT_TRUE(doc);
  EXPECT_EQ(doc->dump(), R"({"a":[1,"x"],"b":{"c":null}})");
}

TEST(YamlReader, ErrorsCarryLineAndColumn) {
  auto doc = parse_yaml("a: 1\nb: [1, 2\n", "bad.yaml");
  ASSERT_FALSE(doc);
  EXPECT_EQ(doc.error().loc.file, "bad.yaml");
  EXPECT_GE(doc.error().loc.line, 2);
}

TEST(YamlReader, RefusesAliases) {
  auto doc = parse_yaml("a: &x 1\nb: *x\n", "alias.yaml");
  ASSERT_FALSE(doc);
  EXPECT_NE(doc.error().message.find("aliases"), std::string::npos);
}

}  // namespace
}  // namespace strata::cluster
