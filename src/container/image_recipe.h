#pragma once
// Everything one image is built from, rendered in one place so that
// `strata image build` (which hashes it into the task's key) and the task
// that builds (which writes it into the context) can never disagree: the
// spec, the Dockerfile with its generated-file header, the .dockerignore,
// and the recipe hash over all of it plus the builder's name.

#include <filesystem>
#include <string>

#include "container/build_context.h"
#include "container/image_settings.h"
#include "container/image_spec.h"

namespace strata::container {

struct ImageRecipe {
  ImageSpec spec;
  ContextFiles files;
  std::string recipe_hash;  // 16 hex digits
};

Result<ImageRecipe> render_recipe(const Workspace& ws, const ProjectGraph& graph,
                                  const std::string& service, const ImageSettings& settings,
                                  const std::string& builder);

// The image name of a service project: lower case, an npm scope dropped
// ("@acme/billing-service" -> "billing-service").
std::string image_name(const std::string& service);

// "REPOSITORY/NAME:TAG".
std::string image_reference(const ImageSettings& settings, const std::string& service,
                            const std::string& tag);

}  // namespace strata::container
