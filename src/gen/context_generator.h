#pragma once
// `strata generate context NAME --lang L`: a bounded context under
// contexts/NAME/ in hexagonal layers, each layer its own project, from the
// compiled-in templates/context/<lang>/ tree, plus the shared root files of
// templates/context-root/<lang>/ written only where absent.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gen/write_plan.h"
#include "util/result.h"

namespace strata::gen {

// The layers in dependency order: a layer may import only those before it
// (and api is importable by all).
inline constexpr std::array<std::string_view, 4> k_layers = {"domain", "api", "application",
                                                             "infrastructure"};
inline constexpr std::array<std::string_view, 3> k_languages = {"python", "typescript", "cpp"};

struct ContextRequest {
  std::string name;                 // snake_case, validated by plan_context
  std::string language;             // python, typescript or cpp
  std::vector<std::string> layers;  // empty: all four
  bool force = false;
};

// Validates the request and plans every file; writes nothing.
Result<WritePlan> plan_context(const std::filesystem::path& root, const ContextRequest& request);

// "domain,application" -> the layers, checked against k_layers and each
// other's needs (application needs domain and api; infrastructure needs
// domain, application and api); empty input means all.
Result<std::vector<std::string>> parse_layers(const std::vector<std::string>& names);

// Checks the language is one strata generates and this build has templates for.
Status check_language(std::string_view language);

// The workspace's name for {{workspace}}: its directory's name, kebab-cased.
std::string workspace_name(const std::filesystem::path& root);

}  // namespace strata::gen
