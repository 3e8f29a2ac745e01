#pragma once
// strata.json "images": the base images of the generated Dockerfiles per
// language, the non-root UID, the repository images are tagged into, how
// Python dependencies get into an image, and which builder to prefer.
// Defaults are the local base images scripts/install-containers makes; a
// team with a registry pins its own (docs/containers.md).

#include <filesystem>
#include <map>
#include <string>

#include "util/result.h"

namespace strata::container {

// The two stages' base images of one language's Dockerfile.
struct BaseImages {
  std::string build;    // has the toolchain and a shell
  std::string runtime;  // the final stage: no shell where the language allows
};

struct ImageSettings {
  std::map<std::string, BaseImages> bases;  // by language: python, node, cpp
  int uid = 10001;                          // USER uid:gid of the final stage
  std::string repository = "localhost/strata";
  // "vendor": the host's pip installs wheels into the build context (no
  // registry needed in the build); "pip": the build stage runs pip.
  std::string python_dependencies = "vendor";
  std::string builder;  // "" (first found), "podman", "buildah" or "docker"
  int port = 8080;      // the port a service listens on inside its container
  // The runtime image's Python, for the wheels the host's pip vendors.
  std::string python_version = "3.11";

  const BaseImages& base(const std::string& language) const;
};

ImageSettings default_image_settings();

// Reads "images" from `root`/strata.json (absent file or key: defaults).
// Errors name strata.json with the line and column of the bad value.
Result<ImageSettings> load_image_settings(const std::filesystem::path& root);

// Parses the text of a strata.json; `file` names it in errors.
Result<ImageSettings> parse_image_settings(const std::string& text, const std::string& file);

}  // namespace strata::container
