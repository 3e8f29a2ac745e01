#include "boundary/violation.h"

#include <iterator>
#include <string_view>

namespace strata {

namespace {

constexpr std::string_view k_names[] = {"layer",         "public-layer",  "banned-external",
                                        "only-tags",     "not-tags",      "no-constraint",
                                        "banned-import", "project-cycle", "context-cycle"};

}  // namespace

const char* boundary_rule_name(BoundaryRule r) { return k_names[static_cast<size_t>(r)].data(); }

bool parse_boundary_rule(std::string_view name, BoundaryRule& out) {
  for (size_t i = 0; i < std::size(k_names); ++i)
    if (k_names[i] == name) return out = static_cast<BoundaryRule>(i), true;
  return false;
}

Violation::Key Violation::key() const {
  if (cycle.empty()) return {boundary_rule_name(rule), file, importer, imported};
  return {boundary_rule_name(rule), "", cycle.front().from, cycle_path(cycle)};
}

std::string cycle_path(const std::vector<CycleEdge>& cycle) {
  if (cycle.empty()) return {};
  std::string s = cycle.front().from;
  for (const auto& e : cycle) s += " → " + e.to;
  return s;
}

}  // namespace strata
