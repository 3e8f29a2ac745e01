#pragma once
// `strata new DIR`: a workspace that works at once, from the compiled-in
// templates/workspace/ tree and the JSON Schemas (written to tools/schemas/),
// then git initialised with the versioned hooks folder switched on.

#include <filesystem>
#include <string>

#include "gen/write_plan.h"
#include "util/result.h"

namespace strata::gen {

struct NewWorkspaceRequest {
  std::filesystem::path dir;
  std::string name;    // empty: the directory's name
  bool force = false;  // write into a non-empty directory; existing files are kept
};

// Where the schemas land inside a new workspace.
inline constexpr const char* k_schema_dir = "tools/schemas";

// Refuses a non-empty directory unless forced; plans every file.
Result<WritePlan> plan_workspace(const NewWorkspaceRequest& request);

// `git init -b main` (unless already a repository) and core.hooksPath set
// to .githooks so the pre-commit hook runs.
Status init_git(const std::filesystem::path& dir);

}  // namespace strata::gen
