#include "ml/gates.h"

#include <cstdio>

namespace strata::ml {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

Error refused(const Gate& g, const std::string& why) {
  return Error("promotion refused by gate '" + g.name + "': " + why, {},
               "the gates are in model.json; evaluate a better version or change the gate")
      .of(ErrorKind::k_conflict);
}

std::optional<double> metric(const nlohmann::json& metrics, const std::string& name) {
  if (metrics.is_object() && metrics.contains(name) && metrics[name].is_number())
    return metrics[name].get<double>();
  return std::nullopt;
}

Status threshold(const Gate& g, const GateCandidate& c) {
  auto value = metric(c.metrics, g.metric);
  if (!value) return refused(g, "version " + c.version + " has no metric " + g.metric);
  if (g.min && *value < *g.min)
    return refused(g, g.metric + " " + num(*value) + " is below the minimum " + num(*g.min));
  if (g.max && *value > *g.max)
    return refused(g, g.metric + " " + num(*value) + " is above the maximum " + num(*g.max));
  return ok_status();
}

Status no_regression(const Gate& g, const ModelConfig& config, const std::string& alias,
                     const GateCandidate& c, const std::optional<GateCandidate>& holder) {
  if (!holder) return ok_status();
  auto value = metric(c.metrics, g.metric);
  auto held = metric(holder->metrics, g.metric);
  if (!value) return refused(g, "version " + c.version + " has no metric " + g.metric);
  if (!held) return ok_status();
  double bound = config.higher_is_better ? *held - g.tolerance : *held + g.tolerance;
  bool worse = config.higher_is_better ? *value < bound : *value > bound;
  if (!worse) return ok_status();
  return refused(g, g.metric + " " + num(*value) + " regresses from " + num(*held) + " (" + alias +
                        "'s current version " + holder->version + ") beyond the tolerance " +
                        num(g.tolerance) + ": threshold " + num(bound));
}

Status fresh(const Gate& g, const GateCandidate& c, const std::string& current_data_hash) {
  if (c.evaluation_data_hash == current_data_hash) return ok_status();
  return refused(g, "version " + c.version + " was evaluated on data " +
                        (c.evaluation_data_hash.empty() ? "unknown" : c.evaluation_data_hash) +
                        " but the data is now " + current_data_hash);
}

}  // namespace

Status check_gates(const ModelConfig& config, const std::string& alias,
                   const GateCandidate& candidate, const std::optional<GateCandidate>& holder,
                   const std::string& current_data_hash) {
  for (const auto& g : config.gates) {
    if (!g.applies_to(alias)) continue;
    Status st = ok_status();
    switch (g.kind) {
      case GateKind::k_threshold:
        st = threshold(g, candidate);
        break;
      case GateKind::k_no_regression:
        st = no_regression(g, config, alias, candidate, holder);
        break;
      case GateKind::k_fresh_evaluation:
        st = fresh(g, candidate, current_data_hash);
        break;
    }
    if (!st) return st;
  }
  return ok_status();
}

}  // namespace strata::ml
