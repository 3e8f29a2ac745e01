#pragma once
// The ContainerBuilder port: builds an image from a prepared context and
// lists the images Strata built. Adapters spawn a real builder's command
// line (cli_builder.h: podman, buildah, docker); unit tests use a fake.

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata::container {

// The label every image Strata builds carries: the service project's name.
inline constexpr const char* k_service_label = "org.strata.service";

struct BuildRequest {
  std::filesystem::path context;     // the assembled build context
  std::filesystem::path dockerfile;  // usually context/Dockerfile
  std::vector<std::string> tags;     // "localhost/strata/billing-service:3f2a..."
  std::map<std::string, std::string> labels;
};

struct ImageInfo {
  std::string service;     // from the repository's last path part
  std::string repository;  // "localhost/strata/billing-service"
  std::string tag;
  std::string id;       // the image id (sha256 hex of its config)
  std::string digest;   // "sha256:..." of its manifest, when the builder knows it
  int64_t size = 0;     // bytes
  std::string created;  // ISO 8601, UTC
};

class ContainerBuilder {
 public:
  virtual ~ContainerBuilder() = default;
  // "podman", "buildah", "docker" (or a fake's name).
  virtual std::string name() const = 0;
  // Builds and tags the image; the builder's progress goes to this
  // process's stdout and stderr. Returns the image id.
  virtual Result<std::string> build(const BuildRequest& request) = 0;
  // Whether the builder's store holds the image `reference` (a cached
  // build is only as good as the image it left).
  virtual Result<bool> exists(const std::string& reference) = 0;
  // The images carrying `label` (any value), newest first.
  virtual Result<std::vector<ImageInfo>> list(const std::string& label) = 0;
};

}  // namespace strata::container
