#pragma once
// Runtime inputs ({"runtime": "node --version"}): the command's standard
// output becomes part of the task hash.

#include <filesystem>
#include <string>

#include "util/result.h"

namespace strata {

// Runs `command` with /bin/sh in `root` and returns its standard output.
// Standard error passes through to the terminal. A non-zero exit is an
// error blamed on `loc`, the target that declared the input.
Result<std::string> run_runtime_input(const std::filesystem::path& root, const std::string& command,
                                      const SourceLoc& loc);

}  // namespace strata
