#include "container/dockerfile.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "container/dockerfile_policy.h"

namespace strata::container {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ImageSpec python_spec() {
  ImageSpec s;
  s.service = "billing-service";
  s.language = "python";
  s.service_root = "contexts/billing/service";
  s.copy_dirs = {"contexts/billing/api/src", "contexts/billing/service/src"};
  s.entry = "billing_service";
  s.requirements = {"fastapi>=0.110"};
  return s;
}

// The final stage: everything after the last FROM.
std::string final_stage(const std::string& text) { return text.substr(text.rfind("\nFROM ")); }

TEST(Dockerfile, PythonIsMultiStageAndHardened) {
  std::string d = render_dockerfile(python_spec(), default_image_settings(), "# header\n");
  EXPECT_EQ(d.rfind("# header\n", 0), 0u);
  EXPECT_THAT(d, HasSubstr("FROM localhost/strata-build:bookworm AS build\n"));
  EXPECT_THAT(d, HasSubstr("COPY contexts/billing/api/src/ /app/contexts/billing/api/src/\n"));
  EXPECT_THAT(d, HasSubstr("COPY deps/ /app/deps/\n"));
  EXPECT_THAT(d, HasSubstr("--invalidation-mode unchecked-hash"));
  std::string last = final_stage(d);
  EXPECT_THAT(last, HasSubstr("FROM localhost/strata-python-runtime:bookworm\n"));
  EXPECT_THAT(last, HasSubstr("USER 10001:10001\n"));
  EXPECT_THAT(last, HasSubstr("PYTHONPATH=/app/deps:/app/contexts/billing/api/src:"));
  EXPECT_THAT(last, HasSubstr("PYTHONDONTWRITEBYTECODE=1"));
  EXPECT_THAT(last, HasSubstr("http://127.0.0.1:8080/health"));
  EXPECT_THAT(last, HasSubstr("ENTRYPOINT [\"python3\", \"-m\", \"billing_service\"]\n"));
  EXPECT_THAT(last, Not(HasSubstr("RUN ")));  // the runtime base has no shell
  EXPECT_TRUE(check_dockerfile(d, "Dockerfile").empty());
}

TEST(Dockerfile, PythonWithPipInstallsInTheBuildStage) {
  ImageSettings s = default_image_settings();
  s.python_dependencies = "pip";
  s.uid = 20000;
  s.port = 9000;
  std::string d = render_dockerfile(python_spec(), s, "");
  EXPECT_THAT(d, HasSubstr("pip install --no-cache-dir --no-compile --target /app/deps"));
  EXPECT_THAT(d, Not(HasSubstr("COPY deps/")));
  EXPECT_THAT(d, HasSubstr("USER 20000:20000\n"));
  EXPECT_THAT(d, HasSubstr("EXPOSE 9000\n"));
}

TEST(Dockerfile, NodeAndCppPassThePolicy) {
  ImageSpec node = python_spec();
  node.language = "node";
  node.copy_dirs = {"contexts/billing/service"};
  node.entry = "contexts/billing/service/dist/main.js";
  std::string n = render_dockerfile(node, default_image_settings(), "");
  EXPECT_THAT(n, HasSubstr("COPY node_modules/ /app/node_modules/"));
  EXPECT_THAT(n, HasSubstr("RUN node --check /app/contexts/billing/service/dist/main.js"));
  EXPECT_THAT(final_stage(n),
              HasSubstr("ENTRYPOINT [\"node\", \"/app/contexts/billing/service/dist/main.js\"]"));
  EXPECT_TRUE(check_dockerfile(n, "Dockerfile").empty());

  ImageSpec cpp = node;
  cpp.language = "cpp";
  cpp.entry = "billing_service";
  cpp.service_root = "contexts/billing/service";
  cpp.build_order = {"contexts/billing/domain", "contexts/billing/infrastructure"};
  std::string c = render_dockerfile(cpp, default_image_settings(), "");
  // The dependencies first, in order, each in its own build/ tree; then the service.
  auto domain =
      c.find("cmake -S /src/contexts/billing/domain -B /src/contexts/billing/domain/build");
  auto infra = c.find(
      "cmake -S /src/contexts/billing/infrastructure -B "
      "/src/contexts/billing/infrastructure/build");
  auto service = c.find("cmake -S /src/contexts/billing/service -B /build");
  ASSERT_NE(domain, std::string::npos);
  EXPECT_LT(domain, infra);
  EXPECT_LT(infra, service);
  EXPECT_THAT(c, HasSubstr("cmake --build /build --target billing_service"));
  EXPECT_THAT(c, HasSubstr("| xargs -I{} cp --parents -L {} /out/root/"));
  EXPECT_THAT(final_stage(c), HasSubstr("COPY --from=build /out/root/ /\n"));
  EXPECT_THAT(render_dockerignore("cpp"), HasSubstr("**/build\n"));
  EXPECT_THAT(render_dockerignore("node"), Not(HasSubstr("**/build\n")));
  EXPECT_THAT(final_stage(c), HasSubstr("FROM scratch\n"));
  EXPECT_THAT(final_stage(c), HasSubstr("\"--health-probe\""));
  EXPECT_TRUE(check_dockerfile(c, "Dockerfile").empty());
}

TEST(Dockerfile, AnUnpinnedConfiguredBaseIsCaughtByThePolicy) {
  ImageSettings s = default_image_settings();
  s.bases["python"].runtime = "python:latest";
  auto f = check_dockerfile(render_dockerfile(python_spec(), s, ""), "Dockerfile");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "pinned-base");
}

TEST(Dockerfile, IgnoreFileLeavesOutToolStateTestsAndKeys) {
  std::string py = render_dockerignore("python");
  for (const char* line : {"**/.git\n", "**/__pycache__\n", "**/tests\n", "**/*.pem\n",
                           "**/node_modules\n", "**/*.env\n"})
    EXPECT_THAT(py, HasSubstr(line));
  EXPECT_THAT(render_dockerignore("node"), Not(HasSubstr("**/node_modules\n")));
}

}  // namespace
}  // namespace strata::container
