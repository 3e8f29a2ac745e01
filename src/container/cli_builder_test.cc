#include "container/cli_builder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "util/temp_dir.h"

namespace strata::container {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Records every command line; answers `capture` with canned output and
// `stream` by writing the image id where --iidfile points.
class FakeRunner : public ToolRunner {
 public:
  Result<ProcessOutput> capture(const std::vector<std::string>& argv) override {
    calls.push_back(argv);
    return listing;
  }
  Result<int> stream(const std::vector<std::string>& argv) override {
    calls.push_back(argv);
    for (size_t i = 0; i + 1 < argv.size(); ++i)
      if (argv[i] == "--iidfile") std::ofstream(argv[i + 1]) << "sha256:0123abcd\n";
    return exit_code;
  }
  bool available(const std::string& program) override {
    return std::find(on_path.begin(), on_path.end(), program) != on_path.end();
  }

  std::vector<std::vector<std::string>> calls;
  ProcessOutput listing;
  int exit_code = 0;
  std::vector<std::string> on_path;
};

BuildRequest request(const testutil::TempDir& dir) {
  BuildRequest r;
  r.context = dir.path("ctx");
  r.dockerfile = dir.path("ctx/Dockerfile");
  r.tags = {"localhost/strata/a-service:abc"};
  r.labels = {{k_service_label, "a-service"}};
  std::filesystem::create_directories(r.context);
  return r;
}

TEST(CliBuilder, PodmanBuildsInDockerFormatWithoutAShell) {
  testutil::TempDir dir;
  FakeRunner runner;
  CliBuilder podman(BuilderTool::k_podman, runner);
  auto id = podman.build(request(dir));
  ASSERT_TRUE(id.ok()) << id.error().str();
  EXPECT_EQ(*id, "0123abcd");
  ASSERT_EQ(runner.calls.size(), 1u);
  EXPECT_THAT(runner.calls[0],
              ElementsAre("podman", "build", "--format", "docker", "--file",
                          dir.path("ctx/Dockerfile").string(), "--iidfile",
                          dir.path("image-id").string(), "--tag", "localhost/strata/a-service:abc",
                          "--label", "org.strata.service=a-service", dir.path("ctx").string()));
}

TEST(CliBuilder, DockerHasNoFormatOptionAndAFailureNamesTheDockerfile) {
  testutil::TempDir dir;
  FakeRunner runner;
  runner.exit_code = 2;
  CliBuilder docker(BuilderTool::k_docker, runner);
  auto id = docker.build(request(dir));
  ASSERT_FALSE(id.ok());
  EXPECT_THAT(id.error().str(), HasSubstr("Dockerfile: docker build failed with exit code 2"));
  EXPECT_EQ(runner.calls[0][1], "build");
  EXPECT_EQ(runner.calls[0][2], "--file");
}

TEST(CliBuilder, PodmanListing) {
  FakeRunner runner;
  runner.listing.out = R"([{"Id": "sha256:aa", "Names": ["localhost/strata/a-service:abc",
    "localhost/strata/a-service:def"], "Digest": "sha256:dd", "Size": 1234, "Created": 1700000000},
    {"Id": "bb", "Names": ["localhost/strata/b-service:x"], "Size": 1, "Created": 1800000000,
     "Labels": {"org.strata.service": "@acme/b-service"}}])";
  CliBuilder podman(BuilderTool::k_podman, runner);
  auto images = podman.list(k_service_label);
  ASSERT_TRUE(images.ok());
  EXPECT_THAT(runner.calls[0], ElementsAre("podman", "images", "--filter",
                                           "label=org.strata.service", "--format", "json"));
  ASSERT_EQ(images->size(), 3u);
  EXPECT_EQ((*images)[0].service, "@acme/b-service");  // newest first, named by its label
  const ImageInfo& a = (*images)[1];
  EXPECT_EQ(a.repository, "localhost/strata/a-service");
  EXPECT_EQ(a.tag, "abc");
  EXPECT_EQ(a.id, "aa");
  EXPECT_EQ(a.digest, "sha256:dd");
  EXPECT_EQ(a.size, 1234);
  EXPECT_EQ(a.created, "2023-11-14T22:13:20Z");
}

TEST(CliBuilder, ExistsAsksTheStore) {
  FakeRunner runner;
  CliBuilder podman(BuilderTool::k_podman, runner);
  auto yes = podman.exists("localhost/strata/a-service:abc");
  ASSERT_TRUE(yes.ok());
  EXPECT_TRUE(*yes);
  EXPECT_THAT(runner.calls[0], ElementsAre("podman", "image", "inspect", "--format", "{{.Id}}",
                                           "localhost/strata/a-service:abc"));
  runner.listing.exit_code = 1;
  CliBuilder buildah(BuilderTool::k_buildah, runner);
  EXPECT_FALSE(*buildah.exists("x:1"));
  EXPECT_EQ(runner.calls[1][0], "buildah");
  EXPECT_EQ(runner.calls[1][1], "inspect");
}

TEST(CliBuilder, BuildahAndDockerListings) {
  auto buildah = parse_podman_images(
      R"([{"id": "cc", "names": ["localhost/strata/c-service:t"], "size": "2.5 MB", "created": 0}])");
  ASSERT_TRUE(buildah.ok());
  EXPECT_EQ((*buildah)[0].size, 2500000);
  auto docker = parse_docker_images(
      "{\"Repository\":\"localhost/strata/d-service\",\"Tag\":\"t1\",\"ID\":\"ee\","
      "\"Digest\":\"<none>\",\"Size\":\"150MB\",\"CreatedAt\":\"2026-01-02 03:04:05 +0000 "
      "UTC\"}\n");
  ASSERT_TRUE(docker.ok());
  EXPECT_EQ((*docker)[0].service, "d-service");
  EXPECT_EQ((*docker)[0].digest, "");
  EXPECT_EQ((*docker)[0].size, 150000000);
  EXPECT_EQ((*docker)[0].created, "2026-01-02T03:04:05Z");
  EXPECT_FALSE(parse_docker_images("not json\n").ok());
}

TEST(CliBuilder, FindBuilderPrefersPodmanThenNamesWhatToInstall) {
  FakeRunner runner;
  runner.on_path = {"docker", "podman"};
  auto any = find_builder("", runner);
  ASSERT_TRUE(any.ok());
  EXPECT_EQ((*any)->name(), "podman");
  auto docker = find_builder("docker", runner);
  ASSERT_TRUE(docker.ok());
  EXPECT_EQ((*docker)->name(), "docker");
  auto buildah = find_builder("buildah", runner);
  ASSERT_FALSE(buildah.ok());
  EXPECT_THAT(buildah.error().hint, HasSubstr("apt-get install buildah"));
  runner.on_path.clear();
  auto none = find_builder("", runner);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message,
            "no container builder found: podman, buildah or docker is needed on PATH");
  EXPECT_THAT(none.error().hint, HasSubstr("apt-get install podman buildah runc"));
}

}  // namespace
}  // namespace strata::container
