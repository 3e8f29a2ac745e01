#include "gen/context_generator.h"

#include <algorithm>

#include "gen/naming.h"
#include "gen/template_files.h"
#include "util/suggest.h"

namespace strata::gen {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> as_strings(auto const& views) { return {views.begin(), views.end()}; }

// The layers each layer needs present to compile: its allowed imports.
std::vector<std::string_view> needs(std::string_view layer) {
  if (layer == "application") return {"domain", "api"};
  if (layer == "infrastructure") return {"domain", "api", "application"};
  return {};
}

bool contains(const std::vector<std::string>& v, std::string_view s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Files at the top of the context (a README) always belong; files in a
// layer's folder only when that layer was asked for.
PathFilter layer_filter(const std::vector<std::string>& layers) {
  return [layers](std::string_view path) {
    size_t slash = path.find('/');
    if (slash == std::string_view::npos) return true;
    std::string_view top = path.substr(0, slash);
    bool is_layer = std::find(k_layers.begin(), k_layers.end(), top) != k_layers.end();
    return !is_layer || contains(layers, top);
  };
}

}  // namespace

Result<std::vector<std::string>> parse_layers(const std::vector<std::string>& names) {
  if (names.empty()) return as_strings(k_layers);
  std::vector<std::string> out;
  for (const auto& n : names) {
    if (std::find(k_layers.begin(), k_layers.end(), n) == k_layers.end()) {
      std::string hint = did_you_mean(n, as_strings(k_layers));
      return Error("unknown layer '" + n + "'", {},
                   hint.empty() ? "layers are domain, api, application, infrastructure" : hint);
    }
    if (!contains(out, n)) out.push_back(n);
  }
  std::vector<std::string> wanted = out;
  for (const auto& n : out)
    for (auto need : needs(n))
      if (!contains(wanted, need)) wanted.emplace_back(need);
  for (const auto& n : out)
    for (auto need : needs(n))
      if (!contains(out, need)) {
        std::string all;
        for (auto l : k_layers)
          if (contains(wanted, l)) all += (all.empty() ? "" : ",") + std::string(l);
        return Error("layer '" + n + "' needs layer '" + std::string(need) + "'", {},
                     "add what it imports: --layers " + all);
      }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    return std::find(k_layers.begin(), k_layers.end(), a) <
           std::find(k_layers.begin(), k_layers.end(), b);
  });
  return out;
}

Status check_language(std::string_view language) {
  if (std::find(k_languages.begin(), k_languages.end(), language) == k_languages.end()) {
    std::string hint = did_you_mean(language, as_strings(k_languages));
    return Error("unknown language '" + std::string(language) + "'", {},
                 hint.empty() ? "use --lang python, typescript or cpp" : hint);
  }
  if (builtin_templates("context/" + std::string(language)).empty())
    return Error("this build of strata has no context templates for " + std::string(language));
  return ok_status();
}

std::string workspace_name(const fs::path& root) {
  std::string dir = fs::absolute(root).lexically_normal().filename().string();
  if (dir.empty()) dir = fs::absolute(root).lexically_normal().parent_path().filename().string();
  return name_forms(suggest_name(dir, "workspace")).kebab;
}

Result<WritePlan> plan_context(const fs::path& root, const ContextRequest& request) {
  auto name = parse_name(request.name, "context name");
  if (!name) return name.error();
  if (auto st = check_language(request.language); !st) return st.error();
  auto layers = parse_layers(request.layers);
  if (!layers) return layers.error();
  auto values = Placeholders::for_names(*name, *name, workspace_name(root));
  WritePlan plan(root, request.force);
  add_templates(plan, builtin_templates("context/" + request.language), "contexts/" + name->snake,
                values, Existing::k_keep_unless_forced, layer_filter(*layers));
  add_templates(plan, builtin_templates("context-root/" + request.language), "", values,
                Existing::k_keep_always);
  return plan;
}

}  // namespace strata::gen
