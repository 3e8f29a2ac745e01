#pragma once
// Talks to real git: the files changed between two revisions and in the
// working tree, in as few subprocesses as possible.

#include <filesystem>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata {

struct ChangedFiles {
  std::vector<std::string> files;  // relative to the workspace root; deleted and renamed included
};

// Files changed between `base` (merge-base with it) and `head`; an empty
// `head` means the working tree, counting uncommitted, untracked, deleted
// and renamed files.
Result<ChangedFiles> changed_files(const std::filesystem::path& root, const std::string& base,
                                   const std::string& head);

// The repository's default branch: origin/HEAD when a remote names one,
// else the first of init.defaultBranch, "main" and "master" that exists.
Result<std::string> default_branch(const std::filesystem::path& root);

}  // namespace strata
