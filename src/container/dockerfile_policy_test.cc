#include "container/dockerfile_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace strata::container {
namespace {

using ::testing::HasSubstr;

const char* k_good =
    "# a comment\n"
    "FROM localhost/base:bookworm AS build\n"
    "RUN make\n"
    "FROM registry.example.com:5000/runtime@sha256:abc\n"
    "COPY --from=build /out /out\n"
    "USER 10001:10001\n"
    "HEALTHCHECK CMD [\"/out/probe\"]\n"
    "ENTRYPOINT [\"/out/app\"]\n";

std::vector<std::string> rules(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& f : check_dockerfile(text, "Dockerfile")) out.push_back(f.rule);
  return out;
}

TEST(DockerfilePolicy, AHardenedDockerfilePasses) { EXPECT_TRUE(rules(k_good).empty()); }

TEST(DockerfilePolicy, NoUserInTheFinalStage) {
  auto f = check_dockerfile("FROM a:1 AS build\nUSER 10001\nFROM b:2\nHEALTHCHECK CMD [\"x\"]\n",
                            "svc/Dockerfile");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "non-root-user");
  EXPECT_EQ(
      to_string(f[0]),
      "svc/Dockerfile:3:6: non-root-user: the final stage has no USER: the image runs as root");
}

TEST(DockerfilePolicy, UserMustBeNumericAndNotRoot) {
  std::string base = "FROM a:1\nHEALTHCHECK CMD [\"x\"]\n";
  EXPECT_EQ(rules(base + "USER app\n"), std::vector<std::string>{"non-root-user"});
  EXPECT_EQ(rules(base + "USER 0:0\n"), std::vector<std::string>{"non-root-user"});
  EXPECT_EQ(rules(base + "user root\n"), std::vector<std::string>{"non-root-user"});
  EXPECT_TRUE(rules(base + "USER 65532\n").empty());
}

TEST(DockerfilePolicy, HealthcheckRequiredAndNotNone) {
  EXPECT_EQ(rules("FROM a:1\nUSER 1\n"), std::vector<std::string>{"healthcheck"});
  auto f = check_dockerfile("FROM a:1\nUSER 1\nHEALTHCHECK NONE\n", "D");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].line, 3);
}

TEST(DockerfilePolicy, UnpinnedBases) {
  std::string tail = "USER 1\nHEALTHCHECK CMD [\"x\"]\n";
  auto f = check_dockerfile("FROM python:latest\n" + tail, "D");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "pinned-base");
  EXPECT_EQ(f[0].col, 6);
  EXPECT_THAT(f[0].message, HasSubstr("'python:latest' is not pinned"));
  EXPECT_EQ(rules("FROM python\n" + tail), std::vector<std::string>{"pinned-base"});
  EXPECT_EQ(rules("FROM localhost:5000/python\n" + tail), std::vector<std::string>{"pinned-base"});
  EXPECT_TRUE(rules("FROM localhost:5000/python:3.11\n" + tail).empty());
  EXPECT_TRUE(rules("FROM --platform=linux/amd64 python:3.11-slim AS x\nFROM x\n" + tail).empty());
  EXPECT_TRUE(rules("FROM scratch\n" + tail).empty());
}

TEST(DockerfilePolicy, BuildArgumentsBeforeFromAreSubstituted) {
  std::string tail = "USER 1\nHEALTHCHECK CMD [\"x\"]\n";
  EXPECT_TRUE(rules("ARG BASE=python:3.11\nFROM ${BASE}\n" + tail).empty());
  EXPECT_EQ(rules("ARG BASE=python:latest\nFROM $BASE\n" + tail),
            std::vector<std::string>{"pinned-base"});
  EXPECT_EQ(rules("ARG BASE\nFROM ${BASE}\n" + tail), std::vector<std::string>{"pinned-base"});
}

TEST(DockerfilePolicy, SecretsInEnvAndArgNames) {
  auto f = check_dockerfile(
      "FROM a:1\nARG NPM_TOKEN\nENV DB_PASSWORD=x LOG_LEVEL=info \\\n    API_KEY=y\n"
      "ENV JWT_SIGNING_KEY value\nUSER 1\nHEALTHCHECK CMD [\"x\"]\n",
      "D");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].line, 2);
  EXPECT_EQ(f[0].col, 5);
  EXPECT_THAT(f[0].message, HasSubstr("ARG NPM_TOKEN looks like a secret"));
  EXPECT_THAT(f[1].message, HasSubstr("DB_PASSWORD"));
  EXPECT_EQ(f[2].line, 3);  // a continued instruction keeps its first line
  EXPECT_THAT(f[2].message, HasSubstr("API_KEY"));
  EXPECT_THAT(f[3].message, HasSubstr("ENV JWT_SIGNING_KEY"));
}

TEST(DockerfilePolicy, EveryRuleAtOnceInLineOrder) {
  auto f = check_dockerfile("FROM node\nENV SECRET=1\n", "D");
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].rule, "pinned-base");
  EXPECT_EQ(f[1].line, 1);
  EXPECT_EQ(f[3].rule, "secret-in-env");
}

TEST(DockerfilePolicy, DockerfileNames) {
  for (const char* n : {"Dockerfile", "Containerfile", "Dockerfile.prod", "api.Dockerfile"})
    EXPECT_TRUE(is_dockerfile_name(n)) << n;
  for (const char* n : {"Dockerfile-notes.md", "dockerfile.txt", "README.md"})
    EXPECT_FALSE(is_dockerfile_name(n)) << n;
}

}  // namespace
}  // namespace strata::container
