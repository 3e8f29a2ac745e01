#pragma once
// The generated Dockerfile of a service, one multi-stage recipe per
// language, hardened by default: pinned bases (strata.json "images"), a
// build stage that does the work and a final stage that only receives its
// result, code owned by root and run by a numeric non-root user, nothing
// written at run time (read-only root filesystem), no shell in the final
// stage (exec-form HEALTHCHECK and ENTRYPOINT), and a .dockerignore.
// The text is rendered at build time into the build context, with the
// generated-file header naming what it was made from (docs/containers.md).

#include <string>
#include <vector>

#include "container/image_settings.h"
#include "container/image_spec.h"

namespace strata::container {

// The Dockerfile's text; `header` is its first line (the generated-file
// header) or "" (tests).
std::string render_dockerfile(const ImageSpec& spec, const ImageSettings& settings,
                              const std::string& header);

// The .dockerignore of every generated context, and the same rules as the
// folder names and file suffixes the context builder leaves out.
std::string render_dockerignore(const std::string& language);
const std::vector<std::string>& ignored_dir_names();
const std::vector<std::string>& ignored_file_suffixes();

}  // namespace strata::container
