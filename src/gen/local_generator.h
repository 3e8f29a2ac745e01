#pragma once
// Workspace generators: tools/generators/NAME/ holds a schema.json and a
// files/ template folder; `strata generate NAME ITEM --option value` expands
// the templates below the schema's destination.

#include <filesystem>
#include <string>
#include <vector>

#include "gen/write_plan.h"
#include "util/result.h"

namespace strata::gen {

inline constexpr const char* k_generators_dir = "tools/generators";

// Names of the workspace's generators (folders with a schema.json), sorted.
std::vector<std::string> local_generators(const std::filesystem::path& root);

struct LocalRequest {
  std::string generator;
  std::string name;               // fills {{name}} and its spellings
  std::vector<std::string> args;  // --option value ...
  bool force = false;
};

// Reads and checks the generator's schema and the options, then plans its files.
Result<WritePlan> plan_local(const std::filesystem::path& root, const LocalRequest& request);

}  // namespace strata::gen
