#include "container/image_settings.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::container {
namespace {

using ::testing::HasSubstr;

TEST(ImageSettings, DefaultsWithoutImagesKey) {
  auto s = parse_image_settings("{\"parallel\": 2}", "strata.json");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->uid, 10001);
  EXPECT_EQ(s->base("python").runtime, "localhost/strata-python-runtime:bookworm");
  EXPECT_EQ(s->base("cpp").runtime, "scratch");
  EXPECT_EQ(s->python_dependencies, "vendor");
}

TEST(ImageSettings, ReadsEveryKey) {
  auto s = parse_image_settings(R"({"images": {
    "python": {"build": "python:3.12-slim@sha256:1", "runtime": "gcr.io/distroless/python3:nonroot"},
    "uid": 65532, "port": 9000, "repository": "registry.example.com/team",
    "pythonDependencies": "pip", "pythonVersion": "3.12", "builder": "docker"}})",
                                "strata.json");
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->base("python").build, "python:3.12-slim@sha256:1");
  EXPECT_EQ(s->base("node").build, "localhost/strata-build:bookworm");  // untouched
  EXPECT_EQ(s->uid, 65532);
  EXPECT_EQ(s->port, 9000);
  EXPECT_EQ(s->repository, "registry.example.com/team");
  EXPECT_EQ(s->python_dependencies, "pip");
  EXPECT_EQ(s->python_version, "3.12");
  EXPECT_EQ(s->builder, "docker");
}

TEST(ImageSettings, ErrorsNameTheLineAndColumn) {
  auto typo = parse_image_settings("{\n  \"images\": {\n    \"pyhton\": {}\n  }\n}", "strata.json");
  ASSERT_FALSE(typo.ok());
  EXPECT_EQ(typo.error().str(), "strata.json:3:5: unknown key 'pyhton' in images");
  EXPECT_THAT(typo.error().hint, HasSubstr("python"));
  auto root = parse_image_settings("{\"images\": {\"uid\": 0}}", "strata.json");
  ASSERT_FALSE(root.ok());
  EXPECT_THAT(root.error().str(), HasSubstr("'uid' must be a user id above 0"));
  EXPECT_FALSE(parse_image_settings("{\"images\": {\"builder\": \"kaniko\"}}", "s").ok());
  EXPECT_FALSE(parse_image_settings("{\"images\": {\"python\": {\"build\": 1}}}", "s").ok());
}

}  // namespace
}  // namespace strata::container
