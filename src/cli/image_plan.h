#pragma once
// The image tasks of split services, shared by `strata image build` (which
// runs them) and `strata deploy` (which needs the tag a build gives, to
// find the image built from the current sources). Each service gets a
// synthesised `image` target whose command is `strata image build-one`,
// keyed by the service's and its dependencies' inputs and by the recipe
// (the rendered Dockerfile, the builder, the requirements); the task's hash
// is the image's tag.

#include <map>
#include <string>
#include <vector>

#include "cli/context.h"
#include "container/image_settings.h"
#include "tasks/task_graph.h"

namespace strata::cli {

inline constexpr const char* k_image_target = "image";

// Adds the `image` target to each of `services` (projects of ctx's
// workspace) and returns the task graph that builds them.
Result<TaskGraph> plan_image_tasks(Context& ctx, const std::vector<std::string>& services,
                                   const container::ImageSettings& settings,
                                   const std::string& builder);

// The tag `strata image build` would give each service's image now, by
// service: the hash of its image task.
Result<std::map<std::string, std::string>> current_image_tags(
    Context& ctx, const std::vector<std::string>& services,
    const container::ImageSettings& settings, const std::string& builder);

}  // namespace strata::cli
