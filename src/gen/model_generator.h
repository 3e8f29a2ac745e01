#pragma once
// `strata generate model NAME --framework sklearn|xgboost|pytorch
// [--context C]`: a project tagged type:model under models/NAME/ (or
// contexts/C/models/NAME/) with train, evaluate and export targets, its
// model.json (checked by schemas/model.schema.json), params, a dataset it
// generates itself, tests, and a requirements.txt its own .venv installs
// from. The shared files come from templates/model/common/, the few that
// differ per framework from templates/model/<framework>/.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "gen/write_plan.h"
#include "util/result.h"

namespace strata::gen {

inline constexpr std::array<std::string_view, 3> k_frameworks = {"sklearn", "xgboost", "pytorch"};
inline constexpr const char* k_model_schema = "model.schema.json";

struct ModelRequest {
  std::string name;       // snake_case
  std::string framework;  // one of k_frameworks
  std::string context;    // "" or an existing context's name
  bool force = false;
};

// Where the model project goes, relative to the root.
std::string model_root(const ModelRequest& request);

// Validates the request and plans every file; writes nothing.
Result<WritePlan> plan_model(const std::filesystem::path& root, const ModelRequest& request);

}  // namespace strata::gen
