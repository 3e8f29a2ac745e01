#pragma once
// `strata generate entity|command|query|adapter NAME --context C`: new
// files inside an existing context, from templates/<kind>/<lang>/ expanded
// into the context's folder; the language is the context's own.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

#include "gen/domain_context.h"
#include "gen/write_plan.h"
#include "util/result.h"

namespace strata::gen {

inline constexpr std::array<std::string_view, 4> k_element_kinds = {"entity", "command", "query",
                                                                    "adapter"};

struct ElementRequest {
  std::string kind;  // one of k_element_kinds
  std::string name;  // validated as snake_case
  bool force = false;
};

// The layer a kind of element is written into (entity: domain, command and
// query: application, adapter: infrastructure).
std::string_view element_layer(std::string_view kind);

// Plans the element's files inside `context`, whose layer for the kind must exist.
Result<WritePlan> plan_element(const std::filesystem::path& root, const DomainContext& context,
                               const ElementRequest& request);

}  // namespace strata::gen
