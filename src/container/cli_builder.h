#pragma once
// ContainerBuilder over a builder's command line: podman, buildah or
// docker, each spawned through a ToolRunner (no shell). The three take
// nearly the same build options; they differ in how they list images.

#include <memory>
#include <string>

#include "container/container_builder.h"
#include "container/tool_runner.h"

namespace strata::container {

enum class BuilderTool { k_podman, k_buildah, k_docker };

class CliBuilder final : public ContainerBuilder {
 public:
  CliBuilder(BuilderTool tool, ToolRunner& runner) : m_tool(tool), m_runner(runner) {}

  std::string name() const override;
  Result<std::string> build(const BuildRequest& request) override;
  Result<std::vector<ImageInfo>> list(const std::string& label) override;
  Result<bool> exists(const std::string& reference) override;

 private:
  std::vector<std::string> build_argv(const BuildRequest& r, const std::string& iidfile) const;

  BuilderTool m_tool;
  ToolRunner& m_runner;
};

// The builder to use: `preferred` ("" for the first of podman, buildah,
// docker on PATH). None: an error naming what to install.
Result<std::unique_ptr<ContainerBuilder>> find_builder(const std::string& preferred,
                                                       ToolRunner& runner);

// Parsers of the three listings, exposed for tests.
Result<std::vector<ImageInfo>> parse_podman_images(const std::string& json_text);
Result<std::vector<ImageInfo>> parse_docker_images(const std::string& json_lines);
int64_t parse_human_size(const std::string& text);  // "123MB", "1.5 GB", "512kB"

}  // namespace strata::container
