#pragma once
// The image `strata image build` made of a service from the workspace as
// it is now, found in the builder's store by the tag such a build gives it
// (the hash of its inputs: cli/image_plan.h), named by digest so that a
// deploy runs exactly what was built, not whatever a tag points at when a
// node pulls it.

#include <string>
#include <vector>

#include "container/container_builder.h"
#include "container/image_settings.h"
#include "util/result.h"

namespace strata::container {

// Among `images`, the one of `service` tagged `tag` in the settings'
// repository: "REPOSITORY/NAME:TAG@sha256:DIGEST" (the tag keeps the
// reference readable; the digest is what a node pulls), or without the
// digest when the builder knows none. None (never built, or built from
// other sources): k_not_found, with the command that builds it.
Result<std::string> pick_built_image(const std::vector<ImageInfo>& images,
                                     const ImageSettings& settings, const std::string& service,
                                     const std::string& tag);

}  // namespace strata::container
