#pragma once
// The promotion gates of model.json, judged on a candidate version, the
// alias's current holder and the data as it is now. A refusal is one Error
// that names the gate, the value and the threshold it missed.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "ml/model_config.h"
#include "util/result.h"

namespace strata::ml {

struct GateCandidate {
  std::string version;
  nlohmann::json metrics;
  std::string evaluation_data_hash;
};

// Checks every gate of `config` that applies to `alias`, in order; the
// first that fails is the error (kind k_conflict).
Status check_gates(const ModelConfig& config, const std::string& alias,
                   const GateCandidate& candidate, const std::optional<GateCandidate>& holder,
                   const std::string& current_data_hash);

}  // namespace strata::ml
