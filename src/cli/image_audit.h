#pragma once
// The Dockerfile policy (container/dockerfile_policy.h) over a workspace's
// files, for `strata image check` and as one source of `strata audit`.

#include <filesystem>
#include <string>
#include <vector>

#include "audit/finding.h"
#include "container/dockerfile_policy.h"
#include "util/result.h"

namespace strata::cli {

// Every Dockerfile among `files` (relative to `root`), checked; `checked`
// counts them.
std::vector<container::PolicyFinding> check_dockerfiles(const std::filesystem::path& root,
                                                        const std::vector<std::string>& files,
                                                        size_t& checked);

// The same over the files the workspace walk lists (.gitignore respected).
Result<std::vector<container::PolicyFinding>> check_workspace_dockerfiles(
    const std::filesystem::path& root, size_t& checked);

// Adds the policy's findings to an audit report as source "dockerfile"
// (severity high: a root or unhealthy container is a deployment risk).
void audit_dockerfiles(const std::filesystem::path& root, const std::vector<std::string>& tracked,
                       audit::Report& report);

}  // namespace strata::cli
