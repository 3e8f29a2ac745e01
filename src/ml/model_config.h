#pragma once
// model.json, a model project's MLModelDefinition: name, version,
// framework, training config (the params it declares, seed, data files),
// evaluation metrics, deployment, and the gates `strata model promote`
// enforces. Format 1, schema in schemas/model.schema.json.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace strata::ml {

inline constexpr const char* k_model_config = "model.json";

enum class GateKind { k_threshold, k_no_regression, k_fresh_evaluation };

struct Gate {
  std::string name;
  GateKind kind = GateKind::k_threshold;
  std::string metric;
  std::optional<double> min;
  std::optional<double> max;
  double tolerance = 0;
  std::vector<std::string> aliases;  // empty: every alias

  bool applies_to(const std::string& alias) const;
};

struct ModelConfig {
  std::string name;
  std::string version;
  std::string framework;
  std::string params_file = "params.json";
  std::vector<std::string> params;
  int64_t seed = 0;
  std::vector<std::string> data;  // relative to the project
  std::vector<std::string> metrics;
  std::string primary_metric;
  bool higher_is_better = true;
  std::string backend;
  std::vector<std::string> aliases;
  std::vector<Gate> gates;
};

// Reads and checks PROJECT/model.json; errors name the file and the field.
Result<ModelConfig> load_model_config(const std::filesystem::path& project_dir);
Result<ModelConfig> parse_model_config(const std::string& file, std::string_view text);

}  // namespace strata::ml
