#pragma once
// The build context of one image, assembled under .strata/images/NAME/:
// the rendered Dockerfile and .dockerignore, a copy of only the folders the
// image spec names (the service's projects from the project graph, minus
// tests, caches and keys), and what the language needs beside them: for
// Python the external requirements and, when vendoring, the wheels the
// host's pip installs for the runtime image's platform (cached by the
// requirements' hash, so a rebuild does not ask PyPI again).

#include <filesystem>
#include <string>

#include "container/image_settings.h"
#include "container/image_spec.h"
#include "container/tool_runner.h"
#include "util/result.h"

namespace strata::container {

struct ContextFiles {
  std::string dockerfile;    // the rendered Dockerfile
  std::string dockerignore;  // the rendered .dockerignore
};

// .strata/images/NAME/context under `root`.
std::filesystem::path context_dir(const std::filesystem::path& root, const std::string& service);

// Replaces `dir` with the assembled context; `runner` runs pip.
Status assemble_context(const std::filesystem::path& root, const ImageSpec& spec,
                        const ImageSettings& settings, const ContextFiles& files,
                        const std::filesystem::path& dir, ToolRunner& runner);

// Copies `from` to `to` recursively, leaving out the ignored folders and
// files (dockerfile.h); returns the number of files copied.
// `cpp`: also without build/ trees.
Result<size_t> copy_filtered(const std::filesystem::path& from, const std::filesystem::path& to,
                             bool cpp = false);

// The pip command that vendors `requirements` into `target`.
std::vector<std::string> pip_vendor_argv(const std::string& requirements, const std::string& target,
                                         const ImageSettings& settings);

}  // namespace strata::container
