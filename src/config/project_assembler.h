#pragma once
// Merges the files found in one directory (pyproject.toml, package.json,
// project.json, lowest precedence first) into one Project: scalar keys from
// the most specific file, tags and implicit dependencies united, targets
// merged layer by layer with the workspace's targetDefaults, and the
// language, include directories and Python import names detected from the
// project's files where no file declares them.

#include <string>
#include <vector>

#include "config/project_source.h"
#include "config/root_config.h"
#include "model/workspace.h"
#include "util/diagnostics.h"

namespace strata {

struct AssembledProject {
  Project project;
  SourceLoc name_loc;  // where the name was given (the file when derived)
};

// `sources` all share one directory and are ordered lowest precedence
// first. `files` is the sorted workspace file list.
AssembledProject assemble_project(const std::vector<const ProjectSource*>& sources,
                                  const RootConfig& root, const std::vector<std::string>& files,
                                  Diagnostics& diags);

// "./libs/a/" -> "libs/a"; "" -> ".".
std::string normalize_root(std::string_view path);

}  // namespace strata
