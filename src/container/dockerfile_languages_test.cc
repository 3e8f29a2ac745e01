// Per-language details of the rendered Dockerfile and .dockerignore that
// the hardening tests leave aside: the settings each one honours, and what
// each language's ignore file adds.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "container/dockerfile.h"

namespace strata::container {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ImageSpec spec(const std::string& language, const std::string& entry) {
  ImageSpec s;
  s.service = "orders-service";
  s.language = language;
  s.service_root = "svc";
  s.copy_dirs = {"svc"};
  s.entry = entry;
  s.health_path = "/ready";
  return s;
}

TEST(DockerfileLanguages, EveryLanguageProbesItsHealthPathOnItsPort) {
  ImageSettings s = default_image_settings();
  s.port = 9100;
  for (const auto& [language, entry] : std::vector<std::pair<std::string, std::string>>{
           {"python", "orders"}, {"node", "svc/dist/main.js"}, {"cpp", "orders"}}) {
    std::string d = render_dockerfile(spec(language, entry), s, "");
    EXPECT_THAT(d, HasSubstr("http://127.0.0.1:9100/ready")) << language;
    EXPECT_THAT(d, HasSubstr("PORT=9100\n")) << language;
    EXPECT_THAT(d, HasSubstr("EXPOSE 9100\n")) << language;
    EXPECT_THAT(d, HasSubstr("# The orders-service image, rendered by `strata image build`"))
        << language;
    EXPECT_THAT(d, HasSubstr("HOST=0.0.0.0")) << language;  // reachable from outside its container
  }
}

TEST(DockerfileLanguages, EachLanguageUsesItsOwnConfiguredBases) {
  ImageSettings s = default_image_settings();
  s.bases["node"] = {"registry.example/node-build:22@sha256:aa",
                     "registry.example/node:22@sha256:bb"};
  std::string n = render_dockerfile(spec("node", "svc/dist/main.js"), s, "");
  EXPECT_THAT(n, HasSubstr("FROM registry.example/node-build:22@sha256:aa AS build\n"));
  EXPECT_THAT(n, HasSubstr("FROM registry.example/node:22@sha256:bb\n"));
  EXPECT_THAT(n, HasSubstr("NODE_ENV=production"));
  std::string p = render_dockerfile(spec("python", "orders"), s, "");
  EXPECT_THAT(p, Not(HasSubstr("registry.example")));
}

TEST(DockerfileLanguages, PythonPathListsDepsThenEverySourceRoot) {
  ImageSpec py = spec("python", "orders");
  py.copy_dirs = {"a/src", "b/src"};
  std::string d = render_dockerfile(py, default_image_settings(), "");
  EXPECT_THAT(d, HasSubstr("PYTHONPATH=/app/deps:/app/a/src:/app/b/src \\\n"));
  EXPECT_THAT(d, HasSubstr("COPY a/src/ /app/a/src/\nCOPY b/src/ /app/b/src/\n"));
}

TEST(DockerfileLanguages, EachIgnoreFileKeepsOutWhatItsContextNeverTakes) {
  std::string py = render_dockerignore("python");
  EXPECT_THAT(py, HasSubstr("**/node_modules\n"));
  EXPECT_THAT(py, Not(HasSubstr("**/build\n")));
  EXPECT_THAT(py, HasSubstr("**/.env.*\n"));
  EXPECT_THAT(py, HasSubstr("**/*.pem\n"));
  std::string node = render_dockerignore("node");
  EXPECT_THAT(node, Not(HasSubstr("**/node_modules\n")));  // the pruned packages go in
  EXPECT_THAT(node, HasSubstr("**/*.spec.ts\n"));
  std::string cpp = render_dockerignore("cpp");
  EXPECT_THAT(cpp, HasSubstr("**/node_modules\n"));
  EXPECT_THAT(cpp, HasSubstr("**/build\n"));
}

}  // namespace
}  // namespace strata::container
